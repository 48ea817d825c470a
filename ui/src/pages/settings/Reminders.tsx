// Settings · reminders about unfinished payments: on or off, and how many hours after an invoice
// expired unpaid its reminder goes out. The core judges the hours (1 to 72) and says why when it
// refuses them; only customers who said yes ever get one.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing } from "lucide-react";
import type { ReminderSettings } from "../../bindings/ReminderSettings";
import { errorMessage } from "../../api/invoke";
import { reminderSettings, setReminderSettings } from "../../api/invoices";
import { useToast } from "../../components/Toasts";
import { plural } from "../../lib/format";
import { LineField, QueryCard, SwitchLine, useLineSetting, wholeOr } from "./common";

export const REMINDER_SETTINGS_KEY = ["reminder-settings"];

const saidDone = (s: ReminderSettings) =>
  s.enabled
    ? `Reminders go out ${plural(s.after_hours, "hour")} after an invoice expired`
    : "No reminders about unfinished payments";

function ReminderForm({ saved }: { saved: ReminderSettings }) {
  const qc = useQueryClient();
  const toast = useToast();
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
  const hours = useLineSetting({
    saved: String(saved.after_hours),
    parse: wholeOr("Type a whole number of hours."),
    send: (after_hours: number) => setReminderSettings({ enabled: saved.enabled, after_hours }),
    textOf: (s) => String(s.after_hours),
    onSaved: done,
  });
  const busy = toggle.isPending || hours.save.isPending;
  return (
    <>
      <SwitchLine
        title="Remind customers who did not pay"
        help="When an invoice expires unpaid, one reminder with a fresh Buy button, at most one per customer and product a week."
        checked={saved.enabled}
        disabled={busy}
        onChange={(on) => toggle.mutate(on)}
        label="Reminders about unfinished payments"
      />
      <LineField
        setting={hours}
        label="Send the reminder"
        hint="From 1 hour to 72; 2 unless changed."
        name="reminder-hours"
        unit="hours after the invoice expired"
        busy={busy}
      />
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
    <QueryCard test="reminder-settings" icon={<BellRing size={16} />} title="Reminders about unfinished payments" query={q}>
      {(s) => <ReminderForm saved={s} />}
    </QueryCard>
  );
}
