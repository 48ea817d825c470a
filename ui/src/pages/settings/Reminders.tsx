// Settings · reminders about unfinished payments: on or off, and how many hours after an invoice
// expired unpaid its reminder goes out. The core judges the hours (1 to 72) and says why when it
// refuses them; only customers who said yes ever get one.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { BellRing } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { ReminderSettings } from "../../bindings/ReminderSettings";
import { errorMessage } from "../../api/invoke";
import { reminderSettings, setReminderSettings } from "../../api/invoices";
import { useToast } from "../../components/Toasts";
import { LineField, QueryCard, SwitchLine, useLineSetting, wholeOr } from "./common";

export const REMINDER_SETTINGS_KEY = ["reminder-settings"];

const saidDone = (s: ReminderSettings) =>
  s.enabled ? i18next.t("settings:reminders.saidOn", { count: s.after_hours }) : i18next.t("settings:reminders.saidOff");

function ReminderForm({ saved }: { saved: ReminderSettings }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const done = (s: ReminderSettings) => {
    qc.setQueryData(REMINDER_SETTINGS_KEY, s);
    toast.show("success", saidDone(s), t("reminders.savedBody"));
  };
  // The switch sends the hours held, not ones typed and not saved.
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => setReminderSettings({ enabled, after_hours: saved.after_hours }),
    onSuccess: done,
    onError: (e) => toast.show("error", t("reminders.notChanged"), errorMessage(e)),
  });
  const hours = useLineSetting({
    saved: String(saved.after_hours),
    parse: wholeOr(t("reminders.wholeHours")),
    send: (after_hours: number) => setReminderSettings({ enabled: saved.enabled, after_hours }),
    textOf: (s) => String(s.after_hours),
    onSaved: done,
  });
  const busy = toggle.isPending || hours.save.isPending;
  return (
    <>
      <SwitchLine
        title={t("reminders.switchTitle")}
        help={t("reminders.switchHelp")}
        checked={saved.enabled}
        disabled={busy}
        onChange={(on) => toggle.mutate(on)}
        label={t("reminders.switchLabel")}
      />
      <LineField
        setting={hours}
        label={t("reminders.label")}
        hint={t("reminders.hint")}
        name="reminder-hours"
        unit={t("reminders.unit")}
        busy={busy}
      />
      <p className="muted small" style={{ margin: 0 }} data-test="reminder-consent">
        {t("reminders.consent")}
      </p>
    </>
  );
}

export function RemindersSection() {
  const { t } = useTranslation("settings");
  const q = useQuery({ queryKey: REMINDER_SETTINGS_KEY, queryFn: reminderSettings });
  return (
    <QueryCard test="reminder-settings" icon={<BellRing size={16} />} title={t("reminders.title")} query={q}>
      {(s) => <ReminderForm saved={s} />}
    </QueryCard>
  );
}
