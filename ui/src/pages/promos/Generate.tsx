// "Generate in bulk": one-time codes (a prefix and 8 random letters and digits), each used once
// by one customer, on the same terms; afterwards the batch's CSV, to hand the codes out.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Check, CheckCircle2, Copy, Layers } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { GeneratedBatch } from "../../bindings/GeneratedBatch";
import { errorMessage } from "../../api/invoke";
import { exportPromos, generatePromos } from "../../api/promos";
import { ExportButton } from "../../components/ExportButton";
import { StarText } from "../../components/StarText";
import { useToast } from "../../components/Toasts";
import { Field, Modal, Spinner, copyText } from "../../components/ui";
import { num } from "../../lib/format";
import {
  PREFIX_MAX,
  type TermsForm,
  countProblem,
  discountWords,
  draftOf,
  emptyTerms,
  prefixProblem,
  termsProblems,
} from "../../lib/promoRules";
import { PROMO_KEYS, usePlans, useProducts } from "../../queries";
import { TermsFields } from "./Terms";

/** How many codes the result shows; the rest are in the CSV. */
const SHOWN = 12;

function Generated({ batch, percentOff, starsOff, onClose }: { batch: GeneratedBatch; percentOff: number | null; starsOff: number | null; onClose: () => void }) {
  const { t } = useTranslation(["promos", "common"]);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(batch.codes.join("\n"));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <Modal
      title={t("generated.title")}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={() => void copy()} data-test="promo-batch-copy">
            {copied ? <Check size={15} /> : <Copy size={15} />} {copied ? t("common:actions.copied") : t("generated.copyAll")}
          </button>
          <span className="grow" />
          <button className="btn" onClick={onClose}>
            {t("common:actions.done")}
          </button>
          <ExportButton run={() => exportPromos(batch.batch)} row="code" label={t("generated.export")} className="btn primary" test="promo-batch-export" autoFocus />
        </>
      }
    >
      <div className="form" data-test="promo-batch">
        <div className="banner" style={{ marginBottom: 0 }}>
          <CheckCircle2 size={18} color="var(--green)" />
          <div className="grow">
            <h3>
              <Trans
                t={t}
                i18nKey="generated.inBatch"
                count={batch.codes.length}
                values={{ batch: batch.batch }}
                components={{ mono: <span className="mono" /> }}
              />
            </h3>
            <p className="muted">
              <Trans
                t={t}
                i18nKey="generated.summary"
                components={{ discount: <StarText text={discountWords({ percent_off: percentOff, stars_off: starsOff })} /> }}
              />
            </p>
          </div>
        </div>
        <ul className="code-list">
          {batch.codes.slice(0, SHOWN).map((c) => (
            <li key={c} className="mono">
              {c}
            </li>
          ))}
        </ul>
        {batch.codes.length > SHOWN && <div className="muted small">{t("generated.more", { n: num(batch.codes.length - SHOWN) })}</div>}
      </div>
    </Modal>
  );
}

export function GenerateDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(["promos", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const products = useProducts(true);
  const plans = usePlans();
  const [prefix, setPrefix] = useState("");
  const [count, setCount] = useState("100");
  const [f, setF] = useState<TermsForm>(emptyTerms);
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [done, setDone] = useState<GeneratedBatch | null>(null);

  const problems = { prefix: prefixProblem(prefix), count: countProblem(count), ...termsProblems(f, false) };
  const valid = Object.values(problems).every((p) => !p);
  const errors: Partial<Record<string, string | null>> = submitted
    ? problems
    : { amount: f.amount.trim() ? problems.amount : undefined, until: problems.until };

  const draft = draftOf("", f);
  const run = useMutation({
    mutationFn: () => generatePromos(prefix.trim(), Number(count.trim()), draft),
    onSuccess: (b) => {
      for (const key of PROMO_KEYS) void qc.invalidateQueries({ queryKey: [key] });
      toast.show("success", t("generate.done", { count: b.codes.length }), t("generate.batch", { batch: b.batch }));
      setDone(b);
    },
    onError: (e) => setServerError(errorMessage(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (valid && !run.isPending) {
      setServerError(null);
      run.mutate();
    }
  };

  if (done) return <Generated batch={done} percentOff={draft.percent_off} starsOff={draft.stars_off} onClose={onClose} />;

  const sample = `${prefix.trim().toUpperCase()}7K3M9QX2`;
  return (
    <Modal
      title={t("generate.title")}
      onClose={onClose}
      wide
      footer={
        <>
          <button className="btn" type="button" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" type="submit" form="promo-generate-form" disabled={run.isPending} data-test="promo-generate-run">
            {run.isPending ? <Spinner /> : <Layers size={15} />} {problems.count ? t("generate.run") : t("generate.runCount", { count: Number(count.trim()) })}
          </button>
        </>
      }
    >
      <form id="promo-generate-form" className="form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field
            label={t("generate.prefix")}
            error={errors.prefix ?? (prefix ? problems.prefix : null)}
            counter={`${[...prefix].length}/${PREFIX_MAX}`}
            hint={t("generate.prefixHint", { sample })}
          >
            {(p) => (
              <input
                {...p}
                className="input mono"
                name="promo-prefix"
                value={prefix}
                onChange={(e) => {
                  setServerError(null);
                  setPrefix(e.target.value);
                }}
                placeholder={t("generate.prefixPlaceholder")}
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                data-test="promo-prefix"
              />
            )}
          </Field>
          <Field label={t("generate.count")} error={errors.count} hint={t("generate.countHint")}>
            {(p) => (
              <input {...p} className="input" inputMode="numeric" name="promo-count" value={count} onChange={(e) => setCount(e.target.value)} data-test="promo-count" />
            )}
          </Field>
        </div>
        <div className="help row" style={{ marginTop: -6 }}>
          {t("generate.oncePerCode")}
        </div>
        <TermsFields
          f={f}
          set={(patch) => {
            setServerError(null);
            setF((old) => ({ ...old, ...patch }));
          }}
          errors={errors}
          products={products.data ?? []}
          plans={plans.data ?? []}
          limits={false}
        />
        {serverError && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <AlertTriangle size={18} color="var(--red)" />
            <div className="grow">
              <h3>{t("generate.failed")}</h3>
              <p>{serverError}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}
