// Settings · limits against abuse, checked when a customer taps Pay: purchases an hour, Stars in
// 24 hours, Stars on a new customer's first day and payment attempts a minute, each per customer
// and each off when left empty. The core judges the numbers and says why when it refuses them.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { ShieldAlert } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Limits } from "../../bindings/Limits";
import { errorMessage } from "../../api/invoke";
import { limits, setLimits } from "../../api/legal";
import { useToast } from "../../components/Toasts";
import { Field } from "../../components/ui";
import { FormError, QueryCard, SaveRow, wholeNumber } from "./common";

export const LIMITS_KEY = ["limits"];

type Key = keyof Limits;

/** The limits in the order of their fields (their words are `limits.fields.<key>`). */
const FIELDS: Key[] = ["purchases_per_hour", "stars_per_day", "new_customer_stars_per_day", "attempts_per_minute"];

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
  const on = FIELDS.flatMap((f) => (l[f] === null ? [] : [i18next.t(`settings:limits.fields.${f}.said`, { count: l[f]! })]));
  return on.length === 0 ? i18next.t("settings:limits.none") : on.join(", ");
}

function LimitsForm({ saved }: { saved: Limits }) {
  const { t } = useTranslation("settings");
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
      toast.show("success", t("limits.saved"), t("limits.savedBody", { limits: limitsWords(l) }));
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const values = Object.fromEntries(FIELDS.map((f) => [f, valueOf(draft[f])])) as Record<Key, number | null | "bad">;
  const bad = FIELDS.filter((f) => values[f] === "bad");
  const typed: Limits | null = bad.length > 0 ? null : (values as Limits);
  const dirty = typed !== null && FIELDS.some((f) => typed[f] !== saved[f]);

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
          key={f}
          label={t(`limits.fields.${f}.label`)}
          error={values[f] === "bad" ? t("limits.bad") : null}
          hint={draft[f].trim() === "" ? t("limits.offHint", { hint: t(`limits.fields.${f}.hint`) }) : t(`limits.fields.${f}.hint`)}
        >
          {(p) => (
            <div className="row">
              <input
                {...p}
                className="input inline-number"
                inputMode="numeric"
                name={f}
                placeholder={t("limits.placeholder")}
                value={draft[f]}
                onChange={(e) => {
                  setDraft((d) => ({ ...d, [f]: e.target.value }));
                  setError(null);
                }}
              />
              <span className="muted small">{t(`limits.fields.${f}.unit`)}</span>
            </div>
          )}
        </Field>
      ))}
      <p className="muted small" style={{ margin: 0 }} data-test="limits-explained">
        {t("limits.explained")}
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
          {t("limits.now", { limits: limitsWords(saved) })}
        </span>
      </SaveRow>
    </form>
  );
}

export function LimitsSection() {
  const { t } = useTranslation("settings");
  const q = useQuery({ queryKey: LIMITS_KEY, queryFn: limits });
  return (
    <QueryCard test="limits-settings" icon={<ShieldAlert size={16} />} title={t("limits.title")} query={q}>
      {(l) => <LimitsForm saved={l} />}
    </QueryCard>
  );
}
