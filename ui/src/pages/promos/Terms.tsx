// A promo's terms, the same in the form for one code and in "Generate in bulk": the discount,
// what it applies to, when it is valid, its limits, first purchases only.

import { Star } from "lucide-react";
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
  const toggle = (list: "productIds" | "planIds", id: number, on: boolean) =>
    set({ [list]: on ? [...f[list], id] : f[list].filter((x) => x !== id) });
  return (
    <>
      <Field
        label="Discount"
        error={errors.amount}
        hint={
          f.kind === "percent"
            ? "1 to 99 % off the price, rounded down to whole Stars."
            : "1 to 10,000 Stars off the price. A price never goes below 1 Star."
        }
      >
        {(p) => (
          <div className="row">
            <Segmented
              label="Kind of discount"
              value={f.kind}
              options={[
                { value: "percent", label: "Percent off" },
                { value: "stars", label: "Stars off" },
              ]}
              onChange={(kind) => set({ kind })}
            />
            <div className="input-suffix" style={{ maxWidth: 150 }}>
              <input
                {...p}
                className="input"
                inputMode="numeric"
                name="promo-amount"
                placeholder={f.kind === "percent" ? "e.g. 10" : "e.g. 25"}
                value={f.amount}
                onChange={(e) => set({ amount: e.target.value })}
                data-test="promo-amount"
              />
              <span>{f.kind === "percent" ? "%" : <Star size={14} className="inline-star" fill="currentColor" aria-label="Stars" />}</span>
            </div>
          </div>
        )}
      </Field>
      <div className="field">
        <span className="label">Applies to</span>
        <Segmented
          label="Applies to"
          value={f.everything ? "all" : "chosen"}
          options={[
            { value: "all", label: "Everything" },
            { value: "chosen", label: "Chosen products and plans" },
          ]}
          onChange={(v) => set({ everything: v === "all" })}
        />
        {!f.everything && (
          <div className="channel-choices" data-test="promo-items">
            {products.length === 0 && plans.length === 0 && <div className="channel-choice muted">Nothing on sale yet.</div>}
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
                  {!x.active && <span className="muted small"> (archived)</span>}
                </span>
                <span className="badge">Product</span>
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
                  {!x.active && <span className="muted small"> (archived)</span>}
                </span>
                <span className="badge blue">Plan</span>
              </label>
            ))}
          </div>
        )}
        {errors.items ? (
          <div className="error" role="alert">
            {errors.items}
          </div>
        ) : (
          !f.everything && <div className="help">A plan bought with the code renews at its discounted price.</div>
        )}
      </div>
      <div className="form-row">
        <Field label="Valid from" error={errors.from} hint="Your local time; empty: from now.">
          {(p) => (
            <input {...p} className="input" type="datetime-local" name="promo-from" value={f.from} onChange={(e) => set({ from: e.target.value })} data-test="promo-from" />
          )}
        </Field>
        <Field label="Valid until" error={errors.until} hint="Your local time; empty: no end.">
          {(p) => (
            <input {...p} className="input" type="datetime-local" name="promo-until" value={f.until} onChange={(e) => set({ until: e.target.value })} data-test="promo-until" />
          )}
        </Field>
      </div>
      {limits && (
        <div className="form-row">
          <Field label="Total uses" error={errors.maxUses} hint="Empty: no limit.">
            {(p) => (
              <input
                {...p}
                className="input"
                inputMode="numeric"
                name="promo-max-uses"
                placeholder="No limit"
                value={f.maxUses}
                onChange={(e) => set({ maxUses: e.target.value })}
                data-test="promo-max-uses"
              />
            )}
          </Field>
          <Field label="Uses per customer" error={errors.perCustomer} hint="Empty: no limit.">
            {(p) => (
              <input
                {...p}
                className="input"
                inputMode="numeric"
                name="promo-per-customer"
                placeholder="No limit"
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
          First purchase only <span className="muted small">· customers who bought before are refused</span>
        </span>
      </label>
    </>
  );
}
