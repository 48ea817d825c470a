// Referrals: customers who bring customers, what they earn and how they are paid; the program's
// terms; and Telegram's own affiliate program beside it.

import { type TabDef, TabList, usePageTab } from "../components/Tabs";
import type { ReferralsTab } from "../nav";
import { usePayoutsDue } from "../queries";
import { AffiliatesPanel } from "./referrals/Affiliates";
import { PayoutsPanel } from "./referrals/Payouts";
import { ReferrersPanel } from "./referrals/Referrers";
import { ReferralSettingsPanel } from "./referrals/Settings";

const TABS: TabDef<ReferralsTab>[] = [
  { tab: "referrers", label: "Referrers" },
  { tab: "payouts", label: "Payouts" },
  { tab: "settings", label: "Settings" },
  { tab: "affiliates", label: "Telegram affiliates" },
];

export function ReferralsPage() {
  const [tab, setTab] = usePageTab("referrals", TABS, "referrers");
  const due = usePayoutsDue();
  const dueCount = due.data?.length ?? 0;

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Referrals</h1>
          <p>Customers share their link from /referrals in the bot and earn a share of what the people they bring pay.</p>
        </div>
      </div>
      <TabList
        id="referrals"
        label="Referrals"
        tabs={TABS}
        tab={tab}
        onTab={setTab}
        extra={(t) =>
          t === "payouts" && dueCount > 0 && (
            <span className="badge amber" aria-label={`${dueCount} due`}>
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
