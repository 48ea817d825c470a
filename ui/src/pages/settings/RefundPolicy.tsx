// Settings · refund policy: how long customers may ask for a refund, and the optional rule that
// approves small, early requests from customers who rarely ask, without a person.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { Undo2 } from "lucide-react";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { RefundPolicy } from "../../bindings/RefundPolicy";
import { errorMessage } from "../../api/invoke";
import { refundPolicy, setRefundPolicy } from "../../api/refunds";
import { isCancelled, useStepUpGuard } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner, Switch } from "../../components/ui";

type Numbers = "window_days" | "auto_max_stars" | "auto_within_hours" | "auto_max_refunds_90d";

// The ranges the Rust side accepts (`RefundPolicy::check`); what to say outside them is
// `refundPolicy.range.<number>`.
const RANGE: Record<Numbers, { min: number; max: number }> = {
  window_days: { min: 1, max: 365 },
  auto_max_stars: { min: 1, max: 100_000 },
  auto_within_hours: { min: 1, max: 24 * 365 },
  auto_max_refunds_90d: { min: 1, max: 1000 },
};

type Draft = Record<Numbers, string> & { auto_approve: boolean };

const draftOf = (p: RefundPolicy): Draft => ({
  window_days: String(p.window_days),
  auto_approve: p.auto_approve,
  auto_max_stars: String(p.auto_max_stars),
  auto_within_hours: String(p.auto_within_hours),
  auto_max_refunds_90d: String(p.auto_max_refunds_90d),
});

function problemOf(d: Draft, key: Numbers): string | null {
  const r = RANGE[key];
  const n = Number(d[key]);
  return /^\d+$/.test(d[key]) && n >= r.min && n <= r.max ? null : i18next.t(`settings:refundPolicy.range.${key}`);
}

function Small({ d, k, label, set, disabled }: { d: Draft; k: Numbers; label: string; set: (k: Numbers, v: string) => void; disabled: boolean }) {
  return (
    <input
      className="input inline-number"
      inputMode="numeric"
      name={k}
      aria-label={label}
      aria-invalid={problemOf(d, k) !== null}
      value={d[k]}
      disabled={disabled}
      onChange={(e) => set(k, e.target.value.trim())}
    />
  );
}

export function RefundPolicySection() {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const guard = useStepUpGuard();
  const q = useQuery({ queryKey: ["refund-policy"], queryFn: refundPolicy });
  const [d, setD] = useState<Draft | null>(null);
  useEffect(() => {
    if (q.data) setD(draftOf(q.data));
  }, [q.data]);
  const set = (k: Numbers, v: string) => setD((old) => old && { ...old, [k]: v });

  const keys: Numbers[] = d?.auto_approve ? ["window_days", "auto_max_stars", "auto_within_hours", "auto_max_refunds_90d"] : ["window_days"];
  const problems = d ? keys.map((k) => problemOf(d, k)).filter((p): p is string => p !== null) : [];
  const policy = (x: Draft): RefundPolicy => ({
    window_days: Number(x.window_days),
    auto_approve: x.auto_approve,
    // A limit left unfinished while the rule is off keeps its saved value.
    auto_max_stars: problemOf(x, "auto_max_stars") ? (q.data?.auto_max_stars ?? 100) : Number(x.auto_max_stars),
    auto_within_hours: problemOf(x, "auto_within_hours") ? (q.data?.auto_within_hours ?? 24) : Number(x.auto_within_hours),
    auto_max_refunds_90d: problemOf(x, "auto_max_refunds_90d") ? (q.data?.auto_max_refunds_90d ?? 2) : Number(x.auto_max_refunds_90d),
  });
  const dirty = d !== null && q.data !== undefined && JSON.stringify(policy(d)) !== JSON.stringify(q.data);

  const save = useMutation({
    mutationFn: (p: RefundPolicy) => guard.run((code) => setRefundPolicy(p, code), t("refundPolicy.stepUp")),
    onSuccess: (_, p) => {
      qc.setQueryData(["refund-policy"], p);
      toast.show("success", t("refundPolicy.saved"), p.auto_approve ? t("refundPolicy.savedAuto") : t("refundPolicy.savedManual"));
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", t("notSaved"), errorMessage(e));
    },
  });

  return (
    <div className="card" data-test="refund-policy">
      <div className="card-head">
        <h2 className="row">
          <Undo2 size={16} /> {t("refundPolicy.title")}
        </h2>
      </div>
      {q.isLoading || (q.data && !d) ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        d && (
          <div className="card-body form">
            <Field label={t("refundPolicy.windowLabel")} hint={t("refundPolicy.windowHint")}>
              {(p) => (
                <input
                  {...p}
                  className="input"
                  name="window_days"
                  inputMode="numeric"
                  style={{ width: 120 }}
                  aria-invalid={problemOf(d, "window_days") !== null}
                  value={d.window_days}
                  onChange={(e) => set("window_days", e.target.value.trim())}
                />
              )}
            </Field>
            <div className="setting-line">
              <div>
                <div style={{ fontWeight: 600 }}>{t("refundPolicy.autoTitle")}</div>
                <div className="muted small">{t("refundPolicy.autoHelp")}</div>
              </div>
              <Switch checked={d.auto_approve} onChange={(on) => setD({ ...d, auto_approve: on })} label={t("refundPolicy.autoTitle")} />
            </div>
            <p className={`policy-rule ${d.auto_approve ? "" : "muted"}`}>
              <Trans
                t={t}
                i18nKey="refundPolicy.rule"
                components={{
                  stars: <Small d={d} k="auto_max_stars" label={t("refundPolicy.mostStars")} set={set} disabled={!d.auto_approve} />,
                  hours: <Small d={d} k="auto_within_hours" label={t("refundPolicy.withinHours")} set={set} disabled={!d.auto_approve} />,
                  refunds: (
                    <Small d={d} k="auto_max_refunds_90d" label={t("refundPolicy.fewerRefunds")} set={set} disabled={!d.auto_approve} />
                  ),
                }}
              />
            </p>
            {problems.length > 0 && (
              <div className="form-error" role="alert">
                {problems.join(" ")}
              </div>
            )}
            <div className="row">
              <button
                className="btn primary"
                disabled={!dirty || problems.length > 0 || save.isPending}
                onClick={() => save.mutate(policy(d))}
                data-test="save-refund-policy"
              >
                {save.isPending && <Spinner />} {t("actions.save", { ns: "common" })}
              </button>
              {dirty && (
                <button className="btn" onClick={() => q.data && setD(draftOf(q.data))} disabled={save.isPending}>
                  {t("undoChanges")}
                </button>
              )}
              <span className="muted small">
                {t("refundPolicy.now", {
                  count: q.data!.window_days,
                  how: q.data!.auto_approve ? t("refundPolicy.someAuto") : t("refundPolicy.allManual"),
                })}
              </span>
            </div>
          </div>
        )
      )}
      {guard.dialog}
    </div>
  );
}
