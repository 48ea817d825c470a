// Subscriptions: plans paid every 30 days in Stars, the channels they let subscribers into, the
// subscribers themselves and the queue of who loses access when.

import { type KeyboardEvent, useEffect, useState } from "react";
import { type SubscriptionsTab, useNav } from "../nav";
import { useExpiryQueue } from "../queries";
import { ChannelsPanel } from "./subscriptions/Channels";
import { ExpiryPanel } from "./subscriptions/Expiry";
import { PlansPanel } from "./subscriptions/Plans";
import { SubscribersPanel } from "./subscriptions/Subscribers";

const TABS: { tab: SubscriptionsTab; label: string }[] = [
  { tab: "plans", label: "Plans" },
  { tab: "subscribers", label: "Subscribers" },
  { tab: "expiry", label: "Expiry queue" },
  { tab: "channels", label: "Channels" },
];

export function SubscriptionsPage() {
  const nav = useNav();
  const target = nav.current.page === "subscriptions" ? TABS.find((t) => t.tab === nav.current.tab)?.tab : undefined;
  const [tab, setTab] = useState<SubscriptionsTab>(target ?? "plans");
  useEffect(() => {
    if (target) setTab(target);
  }, [nav.current]);
  const queue = useExpiryQueue();
  const dueNow = queue.data?.due_now.length ?? 0;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.tab === tab);
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length].tab;
    setTab(next);
    document.getElementById(`subs-tab-${next}`)?.focus();
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Subscriptions</h1>
          <p>Plans renewed every 30 days in Stars: access to your private channels, a text at each payment, or both.</p>
        </div>
      </div>
      <div className="tabs subs-tabs" role="tablist" aria-label="Subscriptions" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.tab}
            id={`subs-tab-${t.tab}`}
            role="tab"
            aria-selected={t.tab === tab}
            aria-controls={`subs-panel-${t.tab}`}
            tabIndex={t.tab === tab ? 0 : -1}
            onClick={() => setTab(t.tab)}
            data-test={`subs-tab-${t.tab}`}
          >
            {t.label}
            {t.tab === "expiry" && dueNow > 0 && (
              <span className="badge amber" aria-label={`${dueNow} due now`}>
                {dueNow}
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        className={`subs-body ${tab === "subscribers" ? "fill" : ""}`}
        role="tabpanel"
        id={`subs-panel-${tab}`}
        aria-labelledby={`subs-tab-${tab}`}
      >
        {tab === "plans" ? (
          <PlansPanel onChannels={() => setTab("channels")} />
        ) : tab === "subscribers" ? (
          <SubscribersPanel />
        ) : tab === "expiry" ? (
          <ExpiryPanel />
        ) : (
          <ChannelsPanel />
        )}
      </div>
    </div>
  );
}
