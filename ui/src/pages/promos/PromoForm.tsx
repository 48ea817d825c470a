// A new promo code: the code, then its terms. Checked as the core checks it; what the core
// refuses besides (a code that exists already) shows in its own words.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, TicketPercent } from "lucide-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/invoke";
import { createPromo } from "../../api/promos";
import { useToast } from "../../components/Toasts";
import { Field, Modal, Spinner } from "../../components/ui";
import { CODE_MAX, type TermsForm, codeProblem, discountPlain, draftOf, emptyTerms, termsProblems } from "../../lib/promoRules";
import { PROMO_KEYS, usePlans, useProducts } from "../../queries";
import { TermsFields } from "./Terms";

export function PromoForm({ onClose, onCreated }: { onClose: () => void; onCreated?: (id: number) => void }) {
  const { t } = useTranslation(["promos", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const products = useProducts(true);
  const plans = usePlans();
  const [code, setCode] = useState("");
  const [f, setF] = useState<TermsForm>(emptyTerms);
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const problems = { code: codeProblem(code), ...termsProblems(f) };
  const valid = Object.values(problems).every((p) => !p);
  // Everything shows once save was tried; the code and the amount as soon as they are typed.
  const errors: Partial<Record<string, string | null>> = submitted
    ? problems
    : { amount: f.amount.trim() ? problems.amount : undefined, until: problems.until };
  const codeError = submitted || code.trim().length >= 3 ? problems.code : null;

  const save = useMutation({
    mutationFn: () => createPromo(draftOf(code, f)),
    onSuccess: (p) => {
      for (const key of PROMO_KEYS) void qc.invalidateQueries({ queryKey: [key] });
      toast.show("success", t("form.created", { code: p.code }), t("form.createdDetail", { discount: discountPlain(p), code: p.code }));
      onCreated?.(p.id);
      onClose();
    },
    onError: (e) => setServerError(errorMessage(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (valid && !save.isPending) {
      setServerError(null);
      save.mutate();
    }
  };

  return (
    <Modal
      title={t("form.title")}
      onClose={onClose}
      wide
      footer={
        <>
          <button className="btn" type="button" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" type="submit" form="promo-form" disabled={save.isPending} data-test="promo-save">
            {save.isPending ? <Spinner /> : <TicketPercent size={15} />} {t("form.create")}
          </button>
        </>
      }
    >
      <form id="promo-form" className="form" onSubmit={submit} noValidate data-submitted={submitted ? "true" : undefined}>
        <Field
          label={t("form.code")}
          error={codeError}
          counter={`${[...code].length}/${CODE_MAX}`}
          hint={t("form.codeHint")}
        >
          {(p) => (
            <input
              {...p}
              className="input mono"
              name="promo-code"
              value={code}
              onChange={(e) => {
                setServerError(null);
                setCode(e.target.value);
              }}
              placeholder={t("form.codePlaceholder")}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
              data-test="promo-code"
            />
          )}
        </Field>
        <TermsFields
          f={f}
          set={(patch) => {
            setServerError(null);
            setF((old) => ({ ...old, ...patch }));
          }}
          errors={errors}
          products={products.data ?? []}
          plans={plans.data ?? []}
        />
        {serverError && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <AlertTriangle size={18} color="var(--red)" />
            <div className="grow">
              <h3>{t("form.notCreated")}</h3>
              <p>{serverError}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}
