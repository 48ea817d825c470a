// Referrals: customers who bring customers, what they earn and how they are paid; the program's
// terms; and Telegram's own affiliate program beside it.

import { type KeyboardEvent, useEffect, useState } from "react";
import { type ReferralsTab, useNav } from "../nav";
import { usePayoutsDue } from "../queries";
import { AffiliatesPanel } from "./referrals/Affiliates";
import { PayoutsPanel } from "./referrals/Payouts";
import { ReferrersPanel } from "./referrals/Referrers";
import { ReferralSettingsPanel } from "./referrals/Settings";

const TABS: { tab: ReferralsTab; label: string }[] = [
  { tab: "referrers", label: "Referrers" },
  { tab: "payouts", label: "Payouts" },
  { tab: "settings", label: "Settings" },
  { tab: "affiliates", label: "Telegram affiliates" },
];

export function ReferralsPage() {
  const nav = useNav();
  const target = nav.current.page === "referrals" ? TABS.find((t) => t.tab === nav.current.tab)?.tab : undefined;
  const [tab, setTab] = useState<ReferralsTab>(target ?? "referrers");
  useEffect(() => {
    if (target) setTab(target);
  }, [nav.current]);
  const due = usePayoutsDue();
  const dueCount = due.data?.length ?? 0;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.tab === tab);
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length].tab;
    setTab(next);
    document.getElementById(`referrals-tab-${next}`)?.focus();
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Referrals</h1>
          <p>Customers share their link from /referrals in the bot and earn a share of what the people they bring pay.</p>
        </div>
      </div>
      <div className="tabs subs-tabs" role="tablist" aria-label="Referrals" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.tab}
            id={`referrals-tab-${t.tab}`}
            role="tab"
            aria-selected={t.tab === tab}
            aria-controls={`referrals-panel-${t.tab}`}
            tabIndex={t.tab === tab ? 0 : -1}
            onClick={() => setTab(t.tab)}
            data-test={`referrals-tab-${t.tab}`}
          >
            {t.label}
            {t.tab === "payouts" && dueCount > 0 && (
              <span className="badge amber" aria-label={`${dueCount} due`}>
                {dueCount}
              </span>
            )}
          </button>
        ))}
      </div>
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
