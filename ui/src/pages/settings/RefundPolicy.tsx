// Settings · refund policy: how long customers may ask for a refund, and the optional rule that
// approves small, early requests from customers who rarely ask, without a person.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useEffect, useState } from "react";
import type { RefundPolicy } from "../../bindings/RefundPolicy";
import { errorMessage } from "../../api/invoke";
import { refundPolicy, setRefundPolicy } from "../../api/refunds";
import { isCancelled, useStepUpGuard } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner, Switch } from "../../components/ui";
import { num } from "../../lib/format";

type Numbers = "window_days" | "auto_max_stars" | "auto_within_hours" | "auto_max_refunds_90d";

// The ranges the Rust side accepts (`RefundPolicy::check`), with what to say outside them.
const RANGE: Record<Numbers, { min: number; max: number; message: string }> = {
  window_days: { min: 1, max: 365, message: "The refund window is between 1 and 365 days." },
  auto_max_stars: { min: 1, max: 100_000, message: "The automatic approval limit is between 1 and 100,000 Stars." },
  auto_within_hours: { min: 1, max: 24 * 365, message: "The automatic approval time is between 1 hour and a year." },
  auto_max_refunds_90d: { min: 1, max: 1000, message: "The number of earlier refunds is between 1 and 1,000." },
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
  return /^\d+$/.test(d[key]) && n >= r.min && n <= r.max ? null : r.message;
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
    mutationFn: (p: RefundPolicy) => guard.run((code) => setRefundPolicy(p, code), "Changing the refund policy takes a code."),
    onSuccess: (_, p) => {
      qc.setQueryData(["refund-policy"], p);
      toast.show("success", "Refund policy saved", p.auto_approve ? "Requests within the limits are approved at once." : "Every request waits for a person.");
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", "Not saved", errorMessage(e));
    },
  });

  return (
    <div className="card" data-test="refund-policy">
      <div className="card-head">
        <h2 className="row">
          <Undo2 size={16} /> Refund policy
        </h2>
      </div>
      {q.isLoading || (q.data && !d) ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        d && (
          <div className="card-body form">
            <Field label="Refund window (days)" hint="Customers can ask for a refund from /purchases in the chat this many days after paying.">
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
                <div style={{ fontWeight: 600 }}>Approve some requests automatically</div>
                <div className="muted small">Off: every request waits for a person in Support.</div>
              </div>
              <Switch checked={d.auto_approve} onChange={(on) => setD({ ...d, auto_approve: on })} label="Approve some requests automatically" />
            </div>
            <p className={`policy-rule ${d.auto_approve ? "" : "muted"}`}>
              A request is approved without a person when the order is at most{" "}
              <Small d={d} k="auto_max_stars" label="Most Stars" set={set} disabled={!d.auto_approve} /> Stars, the customer asks within{" "}
              <Small d={d} k="auto_within_hours" label="Within hours of paying" set={set} disabled={!d.auto_approve} /> hours of paying,
              and they had fewer than{" "}
              <Small d={d} k="auto_max_refunds_90d" label="Fewer refunds in 90 days than" set={set} disabled={!d.auto_approve} /> refunds
              in the last 90 days.
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
                {save.isPending && <Spinner />} Save
              </button>
              {dirty && (
                <button className="btn" onClick={() => q.data && setD(draftOf(q.data))} disabled={save.isPending}>
                  Undo changes
                </button>
              )}
              <span className="muted small">
                Now: requests within {num(q.data!.window_days)} days;{" "}
                {q.data!.auto_approve ? "some approved automatically" : "every one decided by a person"}.
              </span>
            </div>
          </div>
        )
      )}
      {guard.dialog}
    </div>
  );
}
