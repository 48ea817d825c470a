// Settings · reports: the time zone the shop's days are counted in (the reports', the Overview's
// "today", every time the window shows) and the approximate US dollar value of a Star, typed and
// shown in the window's numbers ("0,013" in German; the core reads a comma or a point).

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Clock } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ReportSettings } from "../../bindings/ReportSettings";
import { errorMessage } from "../../api/invoke";
import { setTimeZone, setUsdRate, timeZones } from "../../api/reports";
import { useToast } from "../../components/Toasts";
import { locale } from "../../lib/format";
import { useReportSettings } from "../../queries";
import { asTyped, LineField, QueryCard, SaveButton, useLineSetting } from "./common";

/** The system's zone is chosen by "", which keeps following it when it changes. */
const SYSTEM = "";

/** The rate as typed, in the window's language, as Reports → Cash flow shows it: "0.013", "0,013". */
const rateText = (micros: number) =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: 6, useGrouping: false }).format(micros / 1_000_000);

function ZoneField({ settings }: { settings: ReportSettings }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const zones = useQuery({ queryKey: ["time-zones"], queryFn: timeZones, staleTime: Infinity });
  const saved = settings.follows_system ? SYSTEM : settings.time_zone;
  const [chosen, setChosen] = useState(saved);
  const [search, setSearch] = useState("");
  useEffect(() => setChosen(saved), [saved]);
  const shown = useMemo(() => {
    const words = search.trim().toLowerCase().replace(/\s+/g, "_");
    const all = zones.data ?? [];
    const found = words ? all.filter((z) => z.toLowerCase().includes(words)) : all;
    // The zone chosen stays in the list whatever the search.
    return chosen !== SYSTEM && !found.includes(chosen) ? [chosen, ...found] : found;
  }, [zones.data, search, chosen]);
  const save = useMutation({
    mutationFn: () => setTimeZone(chosen),
    onSuccess: (s) => {
      qc.setQueryData(["report-settings"], s);
      // Every day and time in the window moves to the new zone.
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "report-settings" && q.queryKey[0] !== "time-zones" });
      toast.show("success", t("reports.zoneSaved", { zone: s.time_zone }), s.follows_system ? t("reports.zoneSystem") : undefined);
    },
    onError: (e) => toast.show("error", t("reports.zoneNotChanged"), errorMessage(e)),
  });
  return (
    <div className="field" data-test="zone-field">
      <label htmlFor="zone-select">{t("reports.zoneLabel")}</label>
      <div className="help">{t("reports.zoneHelp")}</div>
      <input
        className="input"
        type="search"
        aria-label={t("reports.zoneSearchLabel")}
        placeholder={t("reports.zoneSearchPlaceholder")}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        data-test="zone-search"
      />
      <div className="row">
        <select
          id="zone-select"
          className="select grow"
          value={chosen}
          onChange={(e) => setChosen(e.target.value)}
          disabled={save.isPending || zones.isLoading}
          data-test="zone-select"
        >
          <option value={SYSTEM}>{t("reports.system", { zone: settings.system_zone })}</option>
          {shown.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        <SaveButton primary onClick={() => save.mutate()} pending={save.isPending} disabled={chosen === saved} test="zone-save" />
      </div>
      {save.isPending && (
        <div className="help" role="status">
          {t("reports.counting")}
        </div>
      )}
      {zones.isError && (
        <div className="error" role="alert">
          {errorMessage(zones.error)}
        </div>
      )}
    </div>
  );
}

function RateField({ settings }: { settings: ReportSettings }) {
  const { t } = useTranslation("settings");
  const qc = useQueryClient();
  const toast = useToast();
  const rate = useLineSetting({
    saved: rateText(settings.usd_micros_per_star),
    parse: asTyped,
    send: (typed: string) => setUsdRate(typed),
    onSaved: (s) => {
      qc.setQueryData(["report-settings"], s);
      void qc.invalidateQueries({ queryKey: ["revenue", "cash"] });
      toast.show("success", t("reports.rateSaved", { rate: rateText(s.usd_micros_per_star) }));
    },
  });
  return (
    <LineField
      setting={rate}
      label={t("reports.rateLabel")}
      hint={t("reports.rateHint", { rate: rateText(13_000) })}
      name="usd-rate"
      inputMode="decimal"
    />
  );
}

export function ReportsSection() {
  const { t } = useTranslation("settings");
  const q = useReportSettings();
  return (
    <QueryCard test="report-settings" icon={<Clock size={16} />} title={t("reports.title")} query={q}>
      {(s) => (
        <>
          <ZoneField settings={s} />
          <RateField settings={s} />
        </>
      )}
    </QueryCard>
  );
}
