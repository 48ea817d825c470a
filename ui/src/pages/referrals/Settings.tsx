// The program's terms (commission, how long a referral earns, the hold) and products or plans
// with a rate of their own.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Percent, Trash2 } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import type { Item } from "../../bindings/Item";
import type { RateOverride } from "../../bindings/RateOverride";
import type { ReferralSettings } from "../../bindings/ReferralSettings";
import { errorMessage } from "../../api/invoke";
import { setRateOverride, setReferralSettings } from "../../api/referrals";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner } from "../../components/ui";
import { plural } from "../../lib/format";
import { holdProblem, monthsProblem, parseTerms, percentProblem } from "../../lib/referralRules";
import { usePlans, useProducts, useRateOverrides, useReferralSettings } from "../../queries";

interface TermsText {
  percent: string;
  months: string;
  hold: string;
}

const textOf = (t: ReferralSettings): TermsText => ({ percent: String(t.percent), months: String(t.months), hold: String(t.hold_days) });

function Terms({ saved }: { saved: ReferralSettings }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [f, setF] = useState<TermsText>(() => textOf(saved));
  const [edited, setEdited] = useState(false);
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What the shop holds shows until the merchant starts typing.
  useEffect(() => {
    if (!edited) setF(textOf(saved));
  }, [saved]);
  const problems = { percent: percentProblem(f.percent), months: monthsProblem(f.months), hold: holdProblem(f.hold) };
  // A number is checked as it is typed once it differs from what is saved; all of them on save.
  const show = (k: keyof TermsText) => (shown || (edited && f[k] !== textOf(saved)[k]) ? problems[k] : null);
  const set = (k: keyof TermsText) => (value: string) => {
    setEdited(true);
    setError(null);
    setF({ ...f, [k]: value });
  };
  const m = useMutation({
    mutationFn: (t: ReferralSettings) => setReferralSettings(t),
    onSuccess: (t) => {
      qc.setQueryData(["referral-settings"], t);
      void qc.invalidateQueries({ queryKey: ["referrers"] });
      setEdited(false);
      setShown(false);
      toast.show(
        "success",
        "Referral terms saved",
        t.percent === 0
          ? "Commissions are off: payments from now on earn nothing."
          : `${t.percent}% for ${plural(t.months, "month")}, held ${plural(t.hold_days, "day")}, on payments from now on.`,
      );
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    const t = parseTerms(f);
    if (t === null || m.isPending) return;
    m.mutate(t);
  };
  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>Program terms</h2>
          <div className="muted small">New terms apply to payments from now on; commissions already earned stay as they were.</div>
        </div>
      </div>
      <form className="card-body form" onSubmit={submit} noValidate data-test="referral-terms">
        <div className="terms-row">
          <Field label="Commission" error={show("percent")} hint="Percent of each payment; 0 turns commissions off.">
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="referral-percent" value={f.percent} onChange={(e) => set("percent")(e.target.value)} data-test="referral-percent" />
                <span>%</span>
              </div>
            )}
          </Field>
          <Field label="Earned for" error={show("months")} hint="Months after someone arrives through the link.">
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="referral-months" value={f.months} onChange={(e) => set("months")(e.target.value)} data-test="referral-months" />
                <span>months</span>
              </div>
            )}
          </Field>
          <Field label="Hold" error={show("hold")} hint="Days a commission waits before it can be paid out, in case of a refund.">
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="referral-hold" value={f.hold} onChange={(e) => set("hold")(e.target.value)} data-test="referral-hold" />
                <span>days</span>
              </div>
            )}
          </Field>
        </div>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>Not saved</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
        <div className="row">
          <span className="grow muted small">
            A month is 30 days, like a subscription's period. Referrers read the terms in the bot with /referrals.
          </span>
          <button className="btn primary" type="submit" disabled={m.isPending || !edited} data-test="referral-terms-save">
            {m.isPending && <Spinner />} Save terms
          </button>
        </div>
      </form>
    </div>
  );
}

const itemKey = (i: Item) => `${i.kind}:${i.id}`;

function parseItem(value: string): Item | null {
  const m = /^(product|plan):(-?\d+)$/.exec(value);
  return m ? ({ kind: m[1], id: Number(m[2]) } as Item) : null;
}

const overrideItem = (o: RateOverride): Item =>
  o.product_id !== null ? { kind: "product", id: o.product_id } : { kind: "plan", id: o.plan_id ?? 0 };

function Overrides({ shopPercent }: { shopPercent: number }) {
  const qc = useQueryClient();
  const toast = useToast();
  const list = useRateOverrides();
  const products = useProducts(true);
  const plans = usePlans();
  const [item, setItem] = useState("");
  const [percent, setPercent] = useState("");
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const itemProblem = parseItem(item) ? null : "Choose a product or a plan.";
  const rateProblem = percentProblem(percent);
  const m = useMutation({
    mutationFn: (v: { item: Item; percent: number | null; title: string }) => setRateOverride(v.item, v.percent),
    onSuccess: (rows, v) => {
      qc.setQueryData(["rate-overrides"], rows);
      if (v.percent === null) {
        toast.show("success", `${v.title} earns the shop's rate again`, `${shopPercent}% of each payment.`);
      } else {
        toast.show("success", `${v.title} earns ${v.percent}%`, "For payments from now on.");
        setItem("");
        setPercent("");
        setShown(false);
      }
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const titleOf = (value: string) => {
    const i = parseItem(value);
    if (!i) return "";
    return i.kind === "product"
      ? (products.data?.find((p) => p.id === i.id)?.title ?? `Product #${i.id}`)
      : (plans.data?.find((p) => p.id === i.id)?.title ?? `Plan #${i.id}`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    setError(null);
    const i = parseItem(item);
    if (!i || rateProblem || m.isPending) return;
    m.mutate({ item: i, percent: Number(percent.trim()), title: titleOf(item) });
  };
  const rows = list.data ?? [];
  const taken = new Set(rows.map((o) => itemKey(overrideItem(o))));
  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>Rates per product and plan</h2>
          <div className="muted small">Where an item earns referrers more or less than the shop's {shopPercent}%.</div>
        </div>
      </div>
      {list.isLoading ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <div className="card-body muted">Every product and plan earns the shop's rate.</div>
      ) : (
        <div className="list" data-test="rate-overrides">
          {rows.map((o) => {
            const i = overrideItem(o);
            return (
              <div className="list-item" key={itemKey(i)} data-test="rate-override">
                <Percent size={15} className="muted" />
                <div className="grow" style={{ minWidth: 0 }}>
                  <span className="ellipsis" style={{ fontWeight: 560 }}>
                    {o.title}
                  </span>{" "}
                  <span className="badge">{i.kind === "product" ? "Product" : "Plan"}</span>
                </div>
                <span className="tabular" style={{ fontWeight: 600 }}>
                  {o.percent}%
                </span>
                <button
                  className="btn sm ghost"
                  onClick={() => m.mutate({ item: i, percent: null, title: o.title })}
                  disabled={m.isPending}
                  aria-label={`Remove the rate of ${o.title}`}
                  data-test="rate-remove"
                >
                  <Trash2 size={13} /> Remove
                </button>
              </div>
            );
          })}
        </div>
      )}
      <form className="card-body form rate-form" onSubmit={submit} noValidate>
        <div className="rate-row">
          <Field label="Product or plan" error={shown ? itemProblem : null}>
            {(p) => (
              <select {...p} className="select" name="rate-item" value={item} onChange={(e) => setItem(e.target.value)} data-test="rate-item">
                <option value="">Choose…</option>
                <optgroup label="Products">
                  {(products.data ?? []).map((x) => (
                    <option key={x.id} value={`product:${x.id}`} disabled={taken.has(`product:${x.id}`)}>
                      {x.title}
                      {x.active ? "" : " (archived)"}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Subscription plans">
                  {(plans.data ?? []).map((x) => (
                    <option key={x.id} value={`plan:${x.id}`} disabled={taken.has(`plan:${x.id}`)}>
                      {x.title}
                      {x.active ? "" : " (archived)"}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </Field>
          <Field label="Commission" error={shown || percent.trim() !== "" ? rateProblem : null}>
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="rate-percent" placeholder={String(shopPercent)} value={percent} onChange={(e) => setPercent(e.target.value)} data-test="rate-percent" />
                <span>%</span>
              </div>
            )}
          </Field>
          <button className="btn" type="submit" disabled={m.isPending} data-test="rate-save">
            {m.isPending && <Spinner />} Set rate
          </button>
        </div>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>Not changed</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </form>
    </div>
  );
}

export function ReferralSettingsPanel() {
  const terms = useReferralSettings();
  if (terms.isLoading) return <Loading />;
  if (terms.isError) return <ErrorState message={errorMessage(terms.error)} onRetry={() => terms.refetch()} />;
  return (
    <div className="stack">
      <Terms saved={terms.data!} />
      <Overrides shopPercent={terms.data!.percent} />
    </div>
  );
}
