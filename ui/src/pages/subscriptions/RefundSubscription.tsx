// Refunding a subscription's last payment from its drawer: the Stars go back, renewal stops, and
// access ends now unless the merchant keeps it to the end of the paid period. With step-up on,
// a code from the authenticator app when the Rust side asks for one.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useRef, useState } from "react";
import type { Category } from "../../bindings/Category";
import type { SubscriberDetail } from "../../bindings/SubscriberDetail";
import { errorMessage } from "../../api/invoke";
import { refundSubscription } from "../../api/subscriptions";
import { StepUpField, useStepUp } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { Modal, Spinner, Stars } from "../../components/ui";
import { dateTime, num } from "../../lib/format";
import { refreshSubscriptions } from "../../queries";
import { Loses, NotRefunded, ReasonFields, useReason } from "../orders/Refund";

export function RefundSubscriptionDialog({ detail, onClose }: { detail: SubscriberDetail; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const s = detail.subscriber;
  const last = detail.payments.at(-1);
  const reason = useReason();
  const stepUp = useStepUp();
  const [keep, setKeep] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // `isPending` reaches the button a render later; a double click is quicker than that.
  const sending = useRef(false);
  const refund = useMutation({
    mutationFn: (v: { category: Category; note: string; keep: boolean; code: string | null }) =>
      refundSubscription(s.id, v.category, v.note, v.keep, v.code),
    onSuccess: (done) => {
      if (done === "now") {
        toast.show(
          "success",
          `Subscription #${s.id} refunded; the customer was told`,
          last && `${num(last.stars)} Stars went back to ${s.customer_name}.`,
        );
      } else {
        toast.show("info", `The last payment of subscription #${s.id} was refunded before; nothing done`);
      }
      refreshSubscriptions(qc);
      for (const key of ["order", "orders-page", "orders-count", "refund-preview", "customer-orders"]) {
        void qc.invalidateQueries({ queryKey: [key] });
      }
      onClose();
    },
    onError: (e) => {
      if (!stepUp.caught(e)) setError(errorMessage(e));
    },
    onSettled: () => {
      sending.current = false;
    },
  });
  const refundable = last !== undefined && !last.refunded;
  // Someone without access has nothing to keep.
  const keepAccess = keep && s.has_access;
  const confirm = () => {
    if (!refundable || sending.current || refund.isPending) return;
    if (!reason.check() || reason.category === "") return;
    if (!stepUp.ready) return;
    sending.current = true;
    setError(null);
    refund.mutate({ category: reason.category, note: reason.note.trim(), keep: keepAccess, code: stepUp.value() });
  };
  const busy = refund.isPending;
  const channels = detail.channels.map((c) => c.title).join(", ");
  const loses = [
    ...(s.status === "active" ? ["the renewal: Telegram does not charge them again"] : []),
    ...(s.has_access && channels
      ? [keepAccess ? `access to ${channels} on ${dateTime(s.paid_until)}, the end of the paid period` : `access to ${channels} now`]
      : []),
  ];

  return (
    <Modal
      title={`Refund the last payment of subscription #${s.id}`}
      onClose={onClose}
      footer={
        refundable ? (
          <>
            <button className="btn" onClick={onClose}>
              Cancel
            </button>
            <button className="btn danger solid" onClick={confirm} disabled={busy || !stepUp.ready} data-test="sub-refund-confirm">
              {busy ? <Spinner /> : <Undo2 size={15} />} Refund {num(last.stars)} Stars
            </button>
          </>
        ) : (
          <button className="btn" onClick={onClose}>
            Close
          </button>
        )
      }
    >
      {!refundable ? (
        <p style={{ margin: 0 }}>The last payment of subscription #{s.id} is refunded already: there is nothing left to give back.</p>
      ) : (
        <div className="form">
          <div className="kv">
            <div className="k">Amount</div>
            <div className="v">
              <Stars n={last.stars} />
            </div>
            <div className="k">Customer</div>
            <div className="v">{s.customer_name}</div>
            <div className="k">Plan</div>
            <div className="v">{s.plan_title}</div>
            <div className="k">Payment</div>
            <div className="v">
              Order #{last.order_id} · {dateTime(last.paid_at)}
            </div>
          </div>
          <p className="refund-full">
            Telegram refunds Stars in full only: the whole {num(last.stars)} Stars go back to the customer's balance.
          </p>
          <Loses items={loses} none="Nothing else: it does not renew and gives no access now." />
          {s.has_access && (
            <label className="check-line">
              <input type="checkbox" checked={keep} disabled={busy} onChange={(e) => setKeep(e.target.checked)} data-test="sub-refund-keep" />
              <span>
                Keep access until {dateTime(s.paid_until)}
                <span className="muted small"> · otherwise it ends now</span>
              </span>
            </label>
          )}
          <ReasonFields reason={reason} disabled={busy} />
          <StepUpField stepUp={stepUp} onEnter={confirm} />
          {error && <NotRefunded error={error} />}
        </div>
      )}
    </Modal>
  );
}
