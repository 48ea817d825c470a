// Settings · reminders about unfinished payments: on or off, and how many hours after an invoice
// expired unpaid its reminder goes out. The core judges the hours (1 to 72) and says why when it
// refuses them; only customers who said yes ever get one.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Check } from "lucide-react";
import { useEffect, useState } from "react";
import type { ReminderSettings } from "../../bindings/ReminderSettings";
import { errorMessage } from "../../api/invoke";
import { reminderSettings, setReminderSettings } from "../../api/invoices";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Spinner, Switch } from "../../components/ui";
import { plural } from "../../lib/format";

export const REMINDER_SETTINGS_KEY = ["reminder-settings"];

const saidDone = (s: ReminderSettings) =>
  s.enabled
    ? `Reminders go out ${plural(s.after_hours, "hour")} after an invoice expired`
    : "No reminders about unfinished payments";

function ReminderForm({ saved }: { saved: ReminderSettings }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [hours, setHours] = useState(String(saved.after_hours));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setHours(String(saved.after_hours)), [saved.after_hours]);
  const done = (s: ReminderSettings) => {
    qc.setQueryData(REMINDER_SETTINGS_KEY, s);
    toast.show("success", saidDone(s), "Reminders already planned keep their time.");
  };
  // The switch sends the hours held, not ones typed and not saved.
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => setReminderSettings({ enabled, after_hours: saved.after_hours }),
    onSuccess: done,
    onError: (e) => toast.show("error", "Reminders not changed", errorMessage(e)),
  });
  const save = useMutation({
    mutationFn: (after_hours: number) => setReminderSettings({ enabled: saved.enabled, after_hours }),
    onSuccess: (s) => {
      setError(null);
      setHours(String(s.after_hours));
      done(s);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const typed = hours.trim();
  const busy = toggle.isPending || save.isPending;
  return (
    <>
      <div className="setting-line">
        <div>
          <div style={{ fontWeight: 600 }}>Remind customers who did not pay</div>
          <div className="muted small">
            When an invoice expires unpaid, one reminder with a fresh Buy button, at most one per customer and product a week.
          </div>
        </div>
        <Switch checked={saved.enabled} disabled={busy} onChange={(on) => toggle.mutate(on)} label="Reminders about unfinished payments" />
      </div>
      <Field label="Send the reminder" error={error} hint="From 1 hour to 72; 2 unless changed.">
        {(p) => (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              // A range is the core's to judge; a number at all is ours, or the command could not read it.
              if (!/^\d+$/.test(typed)) return setError("Type a whole number of hours.");
              save.mutate(Number(typed));
            }}
          >
            <input
              {...p}
              className="input inline-number"
              inputMode="numeric"
              name="reminder-hours"
              value={hours}
              onChange={(e) => {
                setHours(e.target.value);
                setError(null);
              }}
              data-test="reminder-hours"
            />
            <span>hours after the invoice expired</span>
            <button className="btn" type="submit" disabled={typed === String(saved.after_hours) || busy}>
              {save.isPending ? <Spinner /> : <Check size={15} />} Save
            </button>
          </form>
        )}
      </Field>
      <p className="muted small" style={{ margin: 0 }} data-test="reminder-consent">
        Customers are asked first, once in the chat when their first invoice expires, and only those who say yes get reminders; they can
        turn them off with /reminders, or every message that is not an answer with /stop.
      </p>
    </>
  );
}

export function RemindersSection() {
  const q = useQuery({ queryKey: REMINDER_SETTINGS_KEY, queryFn: reminderSettings });
  return (
    <div className="card" data-test="reminder-settings">
      <div className="card-head">
        <h2 className="row">
          <BellRing size={16} /> Reminders about unfinished payments
        </h2>
      </div>
      <div className="card-body form">
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : (
          <ReminderForm saved={q.data!} />
        )}
      </div>
    </div>
  );
}
