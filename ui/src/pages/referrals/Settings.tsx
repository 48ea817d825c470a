// The program's terms (commission, how long a referral earns, the hold) and products or plans
// with a rate of their own.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Percent, Trash2 } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Item } from "../../bindings/Item";
import type { RateOverride } from "../../bindings/RateOverride";
import type { ReferralSettings } from "../../bindings/ReferralSettings";
import { errorMessage } from "../../api/invoke";
import { setRateOverride, setReferralSettings } from "../../api/referrals";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner } from "../../components/ui";
import { holdProblem, monthsProblem, parseTerms, percentProblem } from "../../lib/referralRules";
import { usePlans, useProducts, useRateOverrides, useReferralSettings } from "../../queries";

interface TermsText {
  percent: string;
  months: string;
  hold: string;
}

const textOf = (t: ReferralSettings): TermsText => ({ percent: String(t.percent), months: String(t.months), hold: String(t.hold_days) });

function Terms({ saved }: { saved: ReferralSettings }) {
  const { t } = useTranslation("referrals");
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
    onSuccess: (terms) => {
      qc.setQueryData(["referral-settings"], terms);
      void qc.invalidateQueries({ queryKey: ["referrers"] });
      setEdited(false);
      setShown(false);
      toast.show(
        "success",
        t("settings.saved"),
        terms.percent === 0
          ? t("settings.off")
          : t("settings.savedBody", {
              percent: terms.percent,
              months: t("count.months", { count: terms.months }),
              days: t("count.days", { count: terms.hold_days }),
            }),
      );
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    const terms = parseTerms(f);
    if (terms === null || m.isPending) return;
    m.mutate(terms);
  };
  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>{t("settings.title")}</h2>
          <div className="muted small">{t("settings.sub")}</div>
        </div>
      </div>
      <form className="card-body form" onSubmit={submit} noValidate data-test="referral-terms">
        <div className="terms-row">
          <Field label={t("settings.commission")} error={show("percent")} hint={t("settings.commissionHint")}>
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="referral-percent" value={f.percent} onChange={(e) => set("percent")(e.target.value)} data-test="referral-percent" />
                <span>%</span>
              </div>
            )}
          </Field>
          <Field label={t("settings.earnedFor")} error={show("months")} hint={t("settings.earnedForHint")}>
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="referral-months" value={f.months} onChange={(e) => set("months")(e.target.value)} data-test="referral-months" />
                <span>{t("settings.monthsUnit")}</span>
              </div>
            )}
          </Field>
          <Field label={t("settings.hold")} error={show("hold")} hint={t("settings.holdHint")}>
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="referral-hold" value={f.hold} onChange={(e) => set("hold")(e.target.value)} data-test="referral-hold" />
                <span>{t("settings.daysUnit")}</span>
              </div>
            )}
          </Field>
        </div>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>{t("settings.notSaved")}</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
        <div className="row">
          <span className="grow muted small">
            {t("settings.note")}
          </span>
          <button className="btn primary" type="submit" disabled={m.isPending || !edited} data-test="referral-terms-save">
            {m.isPending && <Spinner />} {t("settings.save")}
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
  const { t } = useTranslation(["referrals", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const list = useRateOverrides();
  const products = useProducts(true);
  const plans = usePlans();
  const [item, setItem] = useState("");
  const [percent, setPercent] = useState("");
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const itemProblem = parseItem(item) ? null : t("settings.overrides.itemProblem");
  const rateProblem = percentProblem(percent);
  const m = useMutation({
    mutationFn: (v: { item: Item; percent: number | null; title: string }) => setRateOverride(v.item, v.percent),
    onSuccess: (rows, v) => {
      qc.setQueryData(["rate-overrides"], rows);
      if (v.percent === null) {
        toast.show(
          "success",
          t("settings.overrides.shopRate", { title: v.title }),
          t("settings.overrides.shopRateBody", { percent: shopPercent }),
        );
      } else {
        toast.show("success", t("settings.overrides.set", { title: v.title, percent: v.percent }), t("settings.overrides.setBody"));
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
      ? (products.data?.find((p) => p.id === i.id)?.title ?? t("settings.overrides.productId", { id: i.id }))
      : (plans.data?.find((p) => p.id === i.id)?.title ?? t("settings.overrides.planId", { id: i.id }));
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
          <h2>{t("settings.overrides.title")}</h2>
          <div className="muted small">{t("settings.overrides.sub", { percent: shopPercent })}</div>
        </div>
      </div>
      {list.isLoading ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <div className="card-body muted">{t("settings.overrides.none")}</div>
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
                  <span className="badge">{i.kind === "product" ? t("settings.overrides.product") : t("settings.overrides.plan")}</span>
                </div>
                <span className="tabular" style={{ fontWeight: 600 }}>
                  {o.percent}%
                </span>
                <button
                  className="btn sm ghost"
                  onClick={() => m.mutate({ item: i, percent: null, title: o.title })}
                  disabled={m.isPending}
                  aria-label={t("settings.overrides.removeLabel", { title: o.title })}
                  data-test="rate-remove"
                >
                  <Trash2 size={13} /> {t("common:actions.remove")}
                </button>
              </div>
            );
          })}
        </div>
      )}
      <form className="card-body form rate-form" onSubmit={submit} noValidate>
        <div className="rate-row">
          <Field label={t("settings.overrides.item")} error={shown ? itemProblem : null}>
            {(p) => (
              <select {...p} className="select" name="rate-item" value={item} onChange={(e) => setItem(e.target.value)} data-test="rate-item">
                <option value="">{t("settings.overrides.choose")}</option>
                <optgroup label={t("settings.overrides.products")}>
                  {(products.data ?? []).map((x) => (
                    <option key={x.id} value={`product:${x.id}`} disabled={taken.has(`product:${x.id}`)}>
                      {x.title}
                      {x.active ? "" : t("settings.overrides.archived")}
                    </option>
                  ))}
                </optgroup>
                <optgroup label={t("settings.overrides.plans")}>
                  {(plans.data ?? []).map((x) => (
                    <option key={x.id} value={`plan:${x.id}`} disabled={taken.has(`plan:${x.id}`)}>
                      {x.title}
                      {x.active ? "" : t("settings.overrides.archived")}
                    </option>
                  ))}
                </optgroup>
              </select>
            )}
          </Field>
          <Field label={t("settings.overrides.commission")} error={shown || percent.trim() !== "" ? rateProblem : null}>
            {(p) => (
              <div className="input-suffix">
                <input {...p} className="input" inputMode="numeric" name="rate-percent" placeholder={String(shopPercent)} value={percent} onChange={(e) => setPercent(e.target.value)} data-test="rate-percent" />
                <span>%</span>
              </div>
            )}
          </Field>
          <button className="btn" type="submit" disabled={m.isPending} data-test="rate-save">
            {m.isPending && <Spinner />} {t("settings.overrides.setRate")}
          </button>
        </div>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>{t("settings.overrides.notChanged")}</h3>
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
