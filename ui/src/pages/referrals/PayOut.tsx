// Paying a referrer: how much (all that is due by default, never more), how (store credit the
// bot takes off their next purchases, or paid outside Stardesk with a note), and above the
// step-up threshold a code from the authenticator app.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CreditCard, HandCoins, Wallet } from "lucide-react";
import { type FormEvent, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { PayoutMethod } from "../../bindings/PayoutMethod";
import type { Referrer } from "../../bindings/Referrer";
import { errorMessage } from "../../api/invoke";
import { payOut } from "../../api/referrals";
import { StepUpField, useStepUp } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { StarText } from "../../components/StarText";
import { Field, Modal, Spinner, Stars } from "../../components/ui";
import { num } from "../../lib/format";
import { NOTE_MAX, dueStars, exactStars, payoutAmountProblem, payoutNoteProblem } from "../../lib/referralRules";
import { REFERRAL_KEYS, useStepUpStatus } from "../../queries";

const METHODS: { value: PayoutMethod; icon: typeof CreditCard }[] = [
  { value: "credit", icon: CreditCard },
  { value: "outside", icon: Wallet },
];

export function PayOutDialog({ referrer: r, onClose }: { referrer: Referrer; onClose: () => void }) {
  const { t } = useTranslation(["referrals", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const due = dueStars(r.available);
  const [amount, setAmount] = useState(String(due));
  const [method, setMethod] = useState<PayoutMethod>("credit");
  const [note, setNote] = useState("");
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stepUpStatus = useStepUpStatus();
  const amountProblem = payoutAmountProblem(amount, due, r.name);
  const noteProblem = payoutNoteProblem(note, method === "outside");
  const stars = amountProblem === null ? Number(amount.trim()) : 0;
  // As core decides: a code is asked above the threshold once an authenticator is enrolled.
  const s = stepUpStatus.data;
  const stepUp = useStepUp(Boolean(s?.enrolled && stars > s.threshold));
  // `isPending` reaches the button a render later; a double click is quicker than that.
  const sending = useRef(false);

  const m = useMutation({
    mutationFn: (code: string | null) =>
      payOut({ referrer_id: r.customer_id, stars, method, note: note.trim() }, code),
    onSuccess: (p) => {
      toast.show(
        "success",
        t("payOut.done", { count: p.stars, name: p.referrer_name }),
        p.method === "credit" ? t("payOut.doneCredit") : t("payOut.doneOutside"),
      );
      for (const key of REFERRAL_KEYS) void qc.invalidateQueries({ queryKey: [key] });
      onClose();
    },
    onError: (e) => {
      if (!stepUp.caught(e)) setError(errorMessage(e));
    },
    onSettled: () => {
      sending.current = false;
    },
  });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setShown(true);
    if (amountProblem || noteProblem || !stepUp.ready || sending.current || m.isPending) return;
    sending.current = true;
    setError(null);
    m.mutate(stepUp.value());
  };

  return (
    <Modal
      title={t("payOut.title", { name: r.name })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" onClick={() => submit()} disabled={m.isPending || !stepUp.ready} data-test="confirm-payout">
            {m.isPending ? <Spinner /> : <HandCoins size={15} />} {t("payOut.confirm", { amount: stars > 0 ? t("count.stars", { count: stars }) : "" })}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate data-test="payout-form">
        <div className="kv">
          <div className="k">{t("payOut.available")}</div>
          <div className="v">
            <Stars n={due} />{" "}
            <span className="muted small">
              <Trans t={t} i18nKey="payOut.ofEarned" components={{ exact: <StarText text={exactStars(r.available)} /> }} />
            </span>
          </div>
          {r.pending > 0 && (
            <>
              <div className="k">{t("payOut.onHold")}</div>
              <div className="v muted">
                <Trans t={t} i18nKey="payOut.onHoldBody" components={{ exact: <StarText text={exactStars(r.pending)} /> }} />
              </div>
            </>
          )}
        </div>
        <Field
          label={t("payOut.amount")}
          error={shown || amount.trim() !== String(due) ? amountProblem : null}
          hint={t("payOut.amountHint", { count: due })}
        >
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="numeric"
              name="payout-stars"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              style={{ maxWidth: 160 }}
              data-test="payout-stars"
            />
          )}
        </Field>
        <div className="field">
          <span className="label">{t("payOut.how")}</span>
          <div className="method-choices" role="radiogroup" aria-label={t("payOut.howLabel")}>
            {METHODS.map((o) => {
              const Icon = o.icon;
              return (
                <label key={o.value} className={`method-choice ${method === o.value ? "chosen" : ""}`}>
                  <input
                    type="radio"
                    name="payout-method"
                    value={o.value}
                    checked={method === o.value}
                    onChange={() => setMethod(o.value)}
                    data-test={`payout-method-${o.value}`}
                  />
                  <Icon size={16} />
                  <span className="grow">
                    <span className="method-label">{t(`payOut.${o.value}`)}</span>
                    <span className="muted small">{t(`payOut.${o.value}Help`)}</span>
                  </span>
                </label>
              );
            })}
          </div>
        </div>
        <Field
          label={method === "outside" ? t("payOut.note") : t("payOut.noteOptional")}
          error={shown ? noteProblem : null}
          counter={`${num([...note].length)}/${num(NOTE_MAX)}`}
          hint={t("payOut.noteHint")}
        >
          {(p) => (
            <textarea
              {...p}
              className="textarea"
              name="payout-note"
              rows={2}
              value={note}
              placeholder={method === "outside" ? t("payOut.notePlaceholderOutside") : t("payOut.notePlaceholder")}
              onChange={(e) => setNote(e.target.value)}
              data-test="payout-note"
            />
          )}
        </Field>
        <StepUpField stepUp={stepUp} onEnter={() => submit()} />
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <AlertTriangle size={18} color="var(--red)" />
            <div className="grow">
              <h3>{t("payOut.failed")}</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}
