// Subscriptions: plans paid every 30 days in Stars, the channels they let subscribers into, the
// subscribers themselves and the queue of who loses access when.

import { type TabDef, TabList, usePageTab } from "../components/Tabs";
import type { SubscriptionsTab } from "../nav";
import { useExpiryQueue } from "../queries";
import { ChannelsPanel } from "./subscriptions/Channels";
import { ExpiryPanel } from "./subscriptions/Expiry";
import { PlansPanel } from "./subscriptions/Plans";
import { SubscribersPanel } from "./subscriptions/Subscribers";

const TABS: TabDef<SubscriptionsTab>[] = [
  { tab: "plans", label: "Plans" },
  { tab: "subscribers", label: "Subscribers" },
  { tab: "expiry", label: "Expiry queue" },
  { tab: "channels", label: "Channels" },
];

export function SubscriptionsPage() {
  const [tab, setTab] = usePageTab("subscriptions", TABS, "plans");
  const queue = useExpiryQueue();
  const dueNow = queue.data?.due_now.length ?? 0;

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Subscriptions</h1>
          <p>Plans renewed every 30 days in Stars: access to your private channels, a text at each payment, or both.</p>
        </div>
      </div>
      <TabList
        id="subs"
        label="Subscriptions"
        tabs={TABS}
        tab={tab}
        onTab={setTab}
        extra={(t) =>
          t === "expiry" && dueNow > 0 && (
            <span className="badge amber" aria-label={`${dueNow} due now`}>
              {dueNow}
            </span>
          )
        }
      />
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
