// Settings · limits against abuse, checked when a customer taps Pay: purchases an hour, Stars in
// 24 hours, Stars on a new customer's first day and payment attempts a minute, each per customer
// and each off when left empty. The core judges the numbers and says why when it refuses them.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldAlert } from "lucide-react";
import { useEffect, useState } from "react";
import type { Limits } from "../../bindings/Limits";
import { errorMessage } from "../../api/invoke";
import { limits, setLimits } from "../../api/legal";
import { useToast } from "../../components/Toasts";
import { Field } from "../../components/ui";
import { num } from "../../lib/format";
import { FormError, QueryCard, SaveRow, wholeNumber } from "./common";

export const LIMITS_KEY = ["limits"];

type Key = keyof Limits;

const FIELDS: { key: Key; label: string; unit: string; hint: string; said: (n: number) => string }[] = [
  {
    key: "purchases_per_hour",
    label: "Purchases an hour, per customer",
    unit: "purchases an hour",
    hint: "Refunded orders do not count.",
    said: (n) => `${num(n)} ${n === 1 ? "purchase" : "purchases"} an hour`,
  },
  {
    key: "stars_per_day",
    label: "Stars in 24 hours, per customer",
    unit: "Stars in 24 hours",
    hint: "What one customer may spend in any 24 hours, this purchase included.",
    said: (n) => `${num(n)} Stars in 24 hours`,
  },
  {
    key: "new_customer_stars_per_day",
    label: "Stars on a new customer's first day",
    unit: "Stars on a new customer's first day",
    hint: "A customer first seen less than 24 hours ago; usually lower than the limit above.",
    said: (n) => `${num(n)} Stars on a new customer's first day`,
  },
  {
    key: "attempts_per_minute",
    label: "Payment attempts a minute, per customer",
    unit: "payment attempts a minute",
    hint: "Taps on Pay, paid or not.",
    said: (n) => `${num(n)} payment ${n === 1 ? "attempt" : "attempts"} a minute`,
  },
];

type Draft = Record<Key, string>;

const draftOf = (l: Limits): Draft => ({
  purchases_per_hour: l.purchases_per_hour === null ? "" : String(l.purchases_per_hour),
  stars_per_day: l.stars_per_day === null ? "" : String(l.stars_per_day),
  new_customer_stars_per_day: l.new_customer_stars_per_day === null ? "" : String(l.new_customer_stars_per_day),
  attempts_per_minute: l.attempts_per_minute === null ? "" : String(l.attempts_per_minute),
});

/** A field as the core reads it: empty is off (null); anything but a whole number is ours to refuse. */
const valueOf = (typed: string): number | null | "bad" => (typed.trim() === "" ? null : (wholeNumber(typed) ?? "bad"));

/** The limits on, in words: "2 purchases an hour, 500 Stars in 24 hours", or none. */
export function limitsWords(l: Limits): string {
  const on = FIELDS.flatMap((f) => (l[f.key] === null ? [] : [f.said(l[f.key]!)]));
  return on.length === 0 ? "no limits" : on.join(", ");
}

function LimitsForm({ saved }: { saved: Limits }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(draftOf(saved)), [saved]);
  const save = useMutation({
    mutationFn: (l: Limits) => setLimits(l),
    onSuccess: (l) => {
      setError(null);
      qc.setQueryData(LIMITS_KEY, l);
      toast.show("success", "Limits saved", `The bot applies them at once: ${limitsWords(l)}.`);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const values = Object.fromEntries(FIELDS.map((f) => [f.key, valueOf(draft[f.key])])) as Record<Key, number | null | "bad">;
  const bad = FIELDS.filter((f) => values[f.key] === "bad");
  const typed: Limits | null = bad.length > 0 ? null : (values as Limits);
  const dirty = typed !== null && FIELDS.some((f) => typed[f.key] !== saved[f.key]);

  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed && dirty) save.mutate(typed);
      }}
    >
      {FIELDS.map((f) => (
        <Field
          key={f.key}
          label={f.label}
          error={values[f.key] === "bad" ? "Type a whole number, or leave it empty for no limit." : null}
          hint={<>{draft[f.key].trim() === "" ? "Off. " : ""}{f.hint}</>}
        >
          {(p) => (
            <div className="row">
              <input
                {...p}
                className="input inline-number"
                inputMode="numeric"
                name={f.key}
                placeholder="off"
                value={draft[f.key]}
                onChange={(e) => {
                  setDraft((d) => ({ ...d, [f.key]: e.target.value }));
                  setError(null);
                }}
              />
              <span className="muted small">{f.unit}</span>
            </div>
          )}
        </Field>
      ))}
      <p className="muted small" style={{ margin: 0 }} data-test="limits-explained">
        A customer who hits a limit is refused at checkout with a clear message in the chat, and flagged on the Customers page, where you
        lift the flag (they are trusted and the limits no longer apply to them) or block them. Leave a field empty to turn that limit off.
      </p>
      <FormError error={error} />
      <SaveRow
        test="save-limits"
        ready={dirty}
        dirty={dirty}
        pending={save.isPending}
        onUndo={() => {
          setDraft(draftOf(saved));
          setError(null);
        }}
      >
        <span className="muted small" data-test="limits-now">
          Now: {limitsWords(saved)}.
        </span>
      </SaveRow>
    </form>
  );
}

export function LimitsSection() {
  const q = useQuery({ queryKey: LIMITS_KEY, queryFn: limits });
  return (
    <QueryCard test="limits-settings" icon={<ShieldAlert size={16} />} title="Limits against abuse" query={q}>
      {(l) => <LimitsForm saved={l} />}
    </QueryCard>
  );
}
