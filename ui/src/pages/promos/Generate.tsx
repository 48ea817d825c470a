// "Generate in bulk": one-time codes (a prefix and 8 random letters and digits), each used once
// by one customer, on the same terms; afterwards the batch's CSV, to hand the codes out.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Check, CheckCircle2, Copy, Layers } from "lucide-react";
import { type FormEvent, useState } from "react";
import type { GeneratedBatch } from "../../bindings/GeneratedBatch";
import { errorMessage } from "../../api/invoke";
import { exportPromos, generatePromos } from "../../api/promos";
import { ExportButton } from "../../components/ExportButton";
import { StarText } from "../../components/StarText";
import { useToast } from "../../components/Toasts";
import { Field, Modal, Spinner, copyText } from "../../components/ui";
import { num, plural } from "../../lib/format";
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
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(batch.codes.join("\n"));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <Modal
      title="Codes generated"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={() => void copy()} data-test="promo-batch-copy">
            {copied ? <Check size={15} /> : <Copy size={15} />} {copied ? "Copied" : "Copy all codes"}
          </button>
          <span className="grow" />
          <button className="btn" onClick={onClose}>
            Done
          </button>
          <ExportButton run={() => exportPromos(batch.batch)} row="code" label="Export the batch (CSV)" className="btn primary" test="promo-batch-export" autoFocus />
        </>
      }
    >
      <div className="form" data-test="promo-batch">
        <div className="banner" style={{ marginBottom: 0 }}>
          <CheckCircle2 size={18} color="var(--green)" />
          <div className="grow">
            <h3>
              {plural(batch.codes.length, "code")} in batch <span className="mono">{batch.batch}</span>
            </h3>
            <p className="muted">
              <StarText text={discountWords({ percent_off: percentOff, stars_off: starsOff })} />, each usable once by one customer. Export the batch to
              hand the codes out; it stays listed under Promo codes.
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
        {batch.codes.length > SHOWN && <div className="muted small">and {num(batch.codes.length - SHOWN)} more in the CSV</div>}
      </div>
    </Modal>
  );
}

export function GenerateDialog({ onClose }: { onClose: () => void }) {
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
      toast.show("success", `${plural(b.codes.length, "code")} generated`, `Batch ${b.batch}`);
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
      title="Generate codes in bulk"
      onClose={onClose}
      wide
      footer={
        <>
          <button className="btn" type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" type="submit" form="promo-generate-form" disabled={run.isPending} data-test="promo-generate-run">
            {run.isPending ? <Spinner /> : <Layers size={15} />} Generate {problems.count ? "" : plural(Number(count.trim()), "code")}
          </button>
        </>
      }
    >
      <form id="promo-generate-form" className="form" onSubmit={submit} noValidate>
        <div className="form-row">
          <Field label="Prefix" error={errors.prefix ?? (prefix ? problems.prefix : null)} counter={`${[...prefix].length}/${PREFIX_MAX}`} hint={`Each code is the prefix and 8 random letters and digits: ${sample}.`}>
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
                placeholder="e.g. SPRING"
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                data-test="promo-prefix"
              />
            )}
          </Field>
          <Field label="How many" error={errors.count} hint="1 to 10,000 codes.">
            {(p) => (
              <input {...p} className="input" inputMode="numeric" name="promo-count" value={count} onChange={(e) => setCount(e.target.value)} data-test="promo-count" />
            )}
          </Field>
        </div>
        <div className="help row" style={{ marginTop: -6 }}>
          Each code can be used once, by one customer: give one to each person.
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
              <h3>Not generated</h3>
              <p>{serverError}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}
