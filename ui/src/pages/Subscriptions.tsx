// Subscriptions: plans paid every 30 days in Stars, the channels they let subscribers into, the
// subscribers themselves and the queue of who loses access when.

import { useTranslation } from "react-i18next";
import { type TabDef, TabList, usePageTab } from "../components/Tabs";
import type { SubscriptionsTab } from "../nav";
import { useExpiryQueue } from "../queries";
import { ChannelsPanel } from "./subscriptions/Channels";
import { ExpiryPanel } from "./subscriptions/Expiry";
import { PlansPanel } from "./subscriptions/Plans";
import { SubscribersPanel } from "./subscriptions/Subscribers";

const TABS: SubscriptionsTab[] = ["plans", "subscribers", "expiry", "channels"];

export function SubscriptionsPage() {
  const { t } = useTranslation(["subscriptions", "common"]);
  const tabs: TabDef<SubscriptionsTab>[] = TABS.map((tab) => ({ tab, label: t(`page.tabs.${tab}`) }));
  const [tab, setTab] = usePageTab("subscriptions", tabs, "plans");
  const queue = useExpiryQueue();
  const dueNow = queue.data?.due_now.length ?? 0;

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>{t("common:pages.subscriptions")}</h1>
          <p>{t("page.lead")}</p>
        </div>
      </div>
      <TabList
        id="subs"
        label={t("common:pages.subscriptions")}
        tabs={tabs}
        tab={tab}
        onTab={setTab}
        extra={(x) =>
          x === "expiry" && dueNow > 0 && (
            <span className="badge amber" aria-label={t("page.dueNow", { count: dueNow })}>
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
