// A promo's terms, the same in the form for one code and in "Generate in bulk": the discount,
// what it applies to, when it is valid, its limits, first purchases only.

import { Star } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { Plan } from "../../bindings/Plan";
import type { Product } from "../../bindings/Product";
import { Field, Segmented } from "../../components/ui";
import type { TermsField, TermsForm } from "../../lib/promoRules";

export function TermsFields({
  f,
  set,
  errors,
  products,
  plans,
  limits = true,
}: {
  f: TermsForm;
  set: (patch: Partial<TermsForm>) => void;
  /** The problems to show now. */
  errors: Partial<Record<TermsField, string | null>>;
  products: Product[];
  plans: Plan[];
  /** The total and per-customer limits (a bulk batch's codes are one use each). */
  limits?: boolean;
}) {
  const { t } = useTranslation("promos");
  const toggle = (list: "productIds" | "planIds", id: number, on: boolean) =>
    set({ [list]: on ? [...f[list], id] : f[list].filter((x) => x !== id) });
  return (
    <>
      <Field
        label={t("terms.discount")}
        error={errors.amount}
        hint={f.kind === "percent" ? t("terms.percentHint") : t("terms.starsHint")}
      >
        {(p) => (
          <div className="row">
            <Segmented
              label={t("terms.kind")}
              value={f.kind}
              options={[
                { value: "percent", label: t("terms.percentOff") },
                { value: "stars", label: t("terms.starsOff") },
              ]}
              onChange={(kind) => set({ kind })}
            />
            <div className="input-suffix" style={{ maxWidth: 150 }}>
              <input
                {...p}
                className="input"
                inputMode="numeric"
                name="promo-amount"
                placeholder={f.kind === "percent" ? t("terms.percentPlaceholder") : t("terms.starsPlaceholder")}
                value={f.amount}
                onChange={(e) => set({ amount: e.target.value })}
                data-test="promo-amount"
              />
              <span>{f.kind === "percent" ? "%" : <Star size={14} className="inline-star" fill="currentColor" aria-label={t("terms.stars")} />}</span>
            </div>
          </div>
        )}
      </Field>
      <div className="field">
        <span className="label">{t("terms.appliesTo")}</span>
        <Segmented
          label={t("terms.appliesTo")}
          value={f.everything ? "all" : "chosen"}
          options={[
            { value: "all", label: t("terms.everything") },
            { value: "chosen", label: t("terms.chosen") },
          ]}
          onChange={(v) => set({ everything: v === "all" })}
        />
        {!f.everything && (
          <div className="channel-choices" data-test="promo-items">
            {products.length === 0 && plans.length === 0 && <div className="channel-choice muted">{t("terms.nothingOnSale")}</div>}
            {products.map((x) => (
              <label key={`p${x.id}`} className="channel-choice">
                <input
                  type="checkbox"
                  checked={f.productIds.includes(x.id)}
                  onChange={(e) => toggle("productIds", x.id, e.target.checked)}
                  data-test="promo-product"
                  data-id={x.id}
                />
                <span className="grow">
                  {x.title}
                  {!x.active && <span className="muted small"> ({t("terms.archived")})</span>}
                </span>
                <span className="badge">{t("terms.product")}</span>
              </label>
            ))}
            {plans.map((x) => (
              <label key={`s${x.id}`} className="channel-choice">
                <input
                  type="checkbox"
                  checked={f.planIds.includes(x.id)}
                  onChange={(e) => toggle("planIds", x.id, e.target.checked)}
                  data-test="promo-plan"
                  data-id={x.id}
                />
                <span className="grow">
                  {x.title}
                  {!x.active && <span className="muted small"> ({t("terms.archived")})</span>}
                </span>
                <span className="badge blue">{t("terms.plan")}</span>
              </label>
            ))}
          </div>
        )}
        {errors.items ? (
          <div className="error" role="alert">
            {errors.items}
          </div>
        ) : (
          !f.everything && <div className="help">{t("terms.planRenews")}</div>
        )}
      </div>
      <div className="form-row">
        <Field label={t("terms.validFrom")} error={errors.from} hint={t("terms.validFromHint")}>
          {(p) => (
            <input {...p} className="input" type="datetime-local" name="promo-from" value={f.from} onChange={(e) => set({ from: e.target.value })} data-test="promo-from" />
          )}
        </Field>
        <Field label={t("terms.validUntil")} error={errors.until} hint={t("terms.validUntilHint")}>
          {(p) => (
            <input {...p} className="input" type="datetime-local" name="promo-until" value={f.until} onChange={(e) => set({ until: e.target.value })} data-test="promo-until" />
          )}
        </Field>
      </div>
      {limits && (
        <div className="form-row">
          <Field label={t("terms.maxUses")} error={errors.maxUses} hint={t("terms.noLimitHint")}>
            {(p) => (
              <input
                {...p}
                className="input"
                inputMode="numeric"
                name="promo-max-uses"
                placeholder={t("terms.noLimit")}
                value={f.maxUses}
                onChange={(e) => set({ maxUses: e.target.value })}
                data-test="promo-max-uses"
              />
            )}
          </Field>
          <Field label={t("terms.perCustomer")} error={errors.perCustomer} hint={t("terms.noLimitHint")}>
            {(p) => (
              <input
                {...p}
                className="input"
                inputMode="numeric"
                name="promo-per-customer"
                placeholder={t("terms.noLimit")}
                value={f.perCustomer}
                onChange={(e) => set({ perCustomer: e.target.value })}
                data-test="promo-per-customer"
              />
            )}
          </Field>
        </div>
      )}
      <label className="check-line">
        <input
          type="checkbox"
          checked={f.firstPurchaseOnly}
          onChange={(e) => set({ firstPurchaseOnly: e.target.checked })}
          data-test="promo-first-purchase"
        />
        <span>
          {t("terms.firstPurchaseOnly")} <span className="muted small">{t("terms.firstPurchaseNote")}</span>
        </span>
      </label>
    </>
  );
}
