// Reports: revenue, the funnel, subscriptions and cash flow over a range of the shop's days (its
// time zone's, as the core counts them), and the books beside Telegram's.

import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Grouping } from "../bindings/Grouping";
import { errorMessage } from "../api/invoke";
import { type TabDef, TabList, usePageTab } from "../components/Tabs";
import { ErrorState, Loading } from "../components/ui";
import { useZoneNote } from "../lib/zone";
import type { ReportsTab } from "../nav";
import { useOverview } from "../queries";
import { Books } from "./reports/Books";
import { CashPanel } from "./reports/Cash";
import { FunnelPanel } from "./reports/Funnel";
import { RangeBar } from "./reports/RangeBar";
import { RevenuePanel } from "./reports/Revenue";
import { SubscriptionsPanel } from "./reports/SubscriptionsReport";
import { type Preset, type Range, presetRange, rangeProblem } from "./reports/range";

const TABS: ReportsTab[] = ["revenue", "funnel", "subscriptions", "cash", "books"];

/** The tabs a range applies to, and those whose days are grouped. */
const RANGED: ReportsTab[] = ["revenue", "funnel", "subscriptions"];
const GROUPED: ReportsTab[] = ["revenue", "subscriptions"];

export function ReportsPage() {
  const { t } = useTranslation("reports");
  const { t: tc } = useTranslation("common");
  const tabs: TabDef<ReportsTab>[] = TABS.map((tab) => ({ tab, label: t(`tabs.${tab}`) }));
  const [tab, setTab] = usePageTab("reports", tabs, "revenue");
  const [preset, setPreset] = useState<Preset>("30");
  const [custom, setCustom] = useState<Range>({ from: "", to: "" });
  const [group, setGroup] = useState<Grouping>("day");

  // The shop's today comes from the core, in the shop's time zone.
  const overview = useOverview();
  const today = overview.data?.today;
  const zone = useZoneNote();

  const range: Range | null = today === undefined ? null : preset === "custom" ? custom : presetRange(preset, today);
  const problem = preset === "custom" ? rangeProblem(custom) : null;

  const choosePreset = (p: Preset) => {
    // Custom starts from the days shown.
    if (p === "custom" && range && problem === null && custom.from === "") setCustom(range);
    setPreset(p);
  };

  const ready = range !== null && problem === null ? range : null;
  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>{tc("pages.reports")}</h1>
          <p>
            {t("page.intro")}
            {zone && <> {t("page.zone", { zone })}</>}
          </p>
        </div>
      </div>
      <TabList id="reports" label={tc("pages.reports")} tabs={tabs} tab={tab} onTab={setTab} />
      {RANGED.includes(tab) && (
        <RangeBar
          preset={preset}
          onPreset={choosePreset}
          custom={custom}
          onCustom={setCustom}
          problem={problem}
          group={GROUPED.includes(tab) ? group : undefined}
          onGroup={setGroup}
        />
      )}
      <div className="subs-body" role="tabpanel" id={`reports-panel-${tab}`} aria-labelledby={`reports-tab-${tab}`}>
        {overview.isError ? (
          <ErrorState message={errorMessage(overview.error)} onRetry={() => overview.refetch()} />
        ) : tab === "cash" ? (
          <CashPanel />
        ) : tab === "books" ? (
          <Books />
        ) : problem !== null ? null : ready === null ? (
          <Loading />
        ) : tab === "revenue" ? (
          <RevenuePanel range={ready} group={group} />
        ) : tab === "funnel" ? (
          <FunnelPanel range={ready} />
        ) : (
          <SubscriptionsPanel range={ready} group={group} />
        )}
      </div>
    </div>
  );
}
