// Refunding a subscription's last payment from its drawer: the Stars go back, renewal stops, and
// access ends now unless the merchant keeps it to the end of the paid period. With step-up on,
// a code from the authenticator app when the Rust side asks for one.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Category } from "../../bindings/Category";
import type { SubscriberDetail } from "../../bindings/SubscriberDetail";
import { errorMessage } from "../../api/invoke";
import { refundSubscription } from "../../api/subscriptions";
import { StepUpField, useStepUp } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { Modal, Spinner, Stars } from "../../components/ui";
import { dateTime } from "../../lib/format";
import { refreshSubscriptions } from "../../queries";
import { Loses, NotRefunded, ReasonFields, useReason } from "../orders/Refund";

export function RefundSubscriptionDialog({ detail, onClose }: { detail: SubscriberDetail; onClose: () => void }) {
  const { t } = useTranslation(["subscriptions", "common"]);
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
          t("refund.done", { id: s.id }),
          last && t("refund.doneBody", { count: last.stars, name: s.customer_name }),
        );
      } else {
        toast.show("info", t("refund.before", { id: s.id }));
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
    ...(s.status === "active" ? [t("refund.losesRenewal")] : []),
    ...(s.has_access && channels
      ? [
          keepAccess
            ? t("refund.losesAccessLater", { channels, date: dateTime(s.paid_until) })
            : t("refund.losesAccessNow", { channels }),
        ]
      : []),
  ];

  return (
    <Modal
      title={t("refund.title", { id: s.id })}
      onClose={onClose}
      footer={
        refundable ? (
          <>
            <button className="btn" onClick={onClose}>
              {t("common:actions.cancel")}
            </button>
            <button className="btn danger solid" onClick={confirm} disabled={busy || !stepUp.ready} data-test="sub-refund-confirm">
              {busy ? <Spinner /> : <Undo2 size={15} />} {t("refund.confirm", { count: last.stars })}
            </button>
          </>
        ) : (
          <button className="btn" onClick={onClose}>
            {t("common:actions.close")}
          </button>
        )
      }
    >
      {!refundable ? (
        <p style={{ margin: 0 }}>{t("refund.already", { id: s.id })}</p>
      ) : (
        <div className="form">
          <div className="kv">
            <div className="k">{t("refund.amount")}</div>
            <div className="v">
              <Stars n={last.stars} />
            </div>
            <div className="k">{t("refund.customer")}</div>
            <div className="v">{s.customer_name}</div>
            <div className="k">{t("refund.plan")}</div>
            <div className="v">{s.plan_title}</div>
            <div className="k">{t("refund.payment")}</div>
            <div className="v">
              {t("refund.order", { id: last.order_id })} · {dateTime(last.paid_at)}
            </div>
          </div>
          <p className="refund-full">{t("refund.full", { count: last.stars })}</p>
          <Loses items={loses} none={t("refund.losesNone")} />
          {s.has_access && (
            <label className="check-line">
              <input type="checkbox" checked={keep} disabled={busy} onChange={(e) => setKeep(e.target.checked)} data-test="sub-refund-keep" />
              <span>
                {t("refund.keep", { date: dateTime(s.paid_until) })}
                <span className="muted small"> · {t("refund.otherwise")}</span>
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
