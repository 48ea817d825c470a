// Support: customers' refund requests and what they write to the bot, answered from the window.

import { type KeyboardEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNav } from "../nav";
import { useSupportCounts } from "../queries";
import { ConversationsPanel } from "./support/Conversations";
import { RequestsPanel } from "./support/Requests";

type Tab = "requests" | "conversations";

/** The tabs (their names: `support:tabs.*`). */
const TABS: { tab: Tab }[] = [{ tab: "requests" }, { tab: "conversations" }];

export function SupportPage() {
  const { t } = useTranslation("support");
  const { t: tc } = useTranslation("common");
  const nav = useNav();
  const counts = useSupportCounts();
  const target = nav.current.page === "support" ? TABS.find((t) => t.tab === nav.current.tab)?.tab : undefined;
  const [tab, setTab] = useState<Tab>(target ?? "requests");
  // A request's "Conversation" opens that customer's.
  const [customerId, setCustomerId] = useState<number | null>(null);
  useEffect(() => {
    if (target) setTab(target);
  }, [nav.current]);

  const badge = (which: Tab) => {
    const n = which === "requests" ? counts.data?.open_requests : counts.data?.unread;
    return n ? (
      <span
        className={`badge ${which === "requests" ? "blue" : "accent"}`}
        aria-label={which === "requests" ? t("counts.open", { count: n }) : t("counts.unread", { count: n })}
      >
        {n}
      </span>
    ) : null;
  };
  // Arrow keys move between the tabs, as in any tab list.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const next = TABS[(TABS.findIndex((t) => t.tab === tab) + 1) % TABS.length].tab;
    setTab(next);
    document.getElementById(`support-tab-${next}`)?.focus();
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>{tc("pages.support")}</h1>
          <p>{t("page.intro")}</p>
        </div>
      </div>
      <div className="card support">
        <div className="tabs" role="tablist" aria-label={tc("pages.support")} onKeyDown={onKeyDown}>
          {TABS.map((x) => (
            <button
              key={x.tab}
              id={`support-tab-${x.tab}`}
              role="tab"
              aria-selected={x.tab === tab}
              aria-controls={`support-panel-${x.tab}`}
              tabIndex={x.tab === tab ? 0 : -1}
              onClick={() => setTab(x.tab)}
              data-test={`support-tab-${x.tab}`}
            >
              {t(`tabs.${x.tab}`)}
              {badge(x.tab)}
            </button>
          ))}
        </div>
        <div className="support-body" role="tabpanel" id={`support-panel-${tab}`} aria-labelledby={`support-tab-${tab}`}>
          {tab === "requests" ? (
            <RequestsPanel
              onConversation={(id) => {
                setCustomerId(id);
                setTab("conversations");
              }}
            />
          ) : (
            <ConversationsPanel customerId={customerId} onRequests={() => setTab("requests")} />
          )}
        </div>
      </div>
    </div>
  );
}
