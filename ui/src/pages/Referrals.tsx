// Referrals: customers who bring customers, what they earn and how they are paid; the program's
// terms; and Telegram's own affiliate program beside it.

import { useTranslation } from "react-i18next";
import { type TabDef, TabList, usePageTab } from "../components/Tabs";
import type { ReferralsTab } from "../nav";
import { usePayoutsDue } from "../queries";
import { AffiliatesPanel } from "./referrals/Affiliates";
import { PayoutsPanel } from "./referrals/Payouts";
import { ReferrersPanel } from "./referrals/Referrers";
import { ReferralSettingsPanel } from "./referrals/Settings";

const TABS: ReferralsTab[] = ["referrers", "payouts", "settings", "affiliates"];

export function ReferralsPage() {
  const { t } = useTranslation(["referrals", "common"]);
  const tabs: TabDef<ReferralsTab>[] = TABS.map((tab) => ({ tab, label: t(`page.tabs.${tab}`) }));
  const [tab, setTab] = usePageTab("referrals", tabs, "referrers");
  const due = usePayoutsDue();
  const dueCount = due.data?.length ?? 0;

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>{t("common:pages.referrals")}</h1>
          <p>{t("page.lead")}</p>
        </div>
      </div>
      <TabList
        id="referrals"
        label={t("common:pages.referrals")}
        tabs={tabs}
        tab={tab}
        onTab={setTab}
        extra={(x) =>
          x === "payouts" && dueCount > 0 && (
            <span className="badge amber" aria-label={t("page.due", { count: dueCount })}>
              {dueCount}
            </span>
          )
        }
      />
      <div
        className={`subs-body ${tab === "referrers" ? "fill" : ""}`}
        role="tabpanel"
        id={`referrals-panel-${tab}`}
        aria-labelledby={`referrals-tab-${tab}`}
      >
        {tab === "referrers" ? (
          <ReferrersPanel />
        ) : tab === "payouts" ? (
          <PayoutsPanel />
        ) : tab === "settings" ? (
          <ReferralSettingsPanel />
        ) : (
          <AffiliatesPanel />
        )}
      </div>
    </div>
  );
}
