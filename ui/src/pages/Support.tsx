// Support: customers' refund requests and what they write to the bot, answered from the window.

import { type KeyboardEvent, useEffect, useState } from "react";
import { useNav } from "../nav";
import { useSupportCounts } from "../queries";
import { ConversationsPanel } from "./support/Conversations";
import { RequestsPanel } from "./support/Requests";

type Tab = "requests" | "conversations";

const TABS: { tab: Tab; label: string }[] = [
  { tab: "requests", label: "Refund requests" },
  { tab: "conversations", label: "Conversations" },
];

export function SupportPage() {
  const nav = useNav();
  const counts = useSupportCounts();
  const target = nav.current.page === "support" ? TABS.find((t) => t.tab === nav.current.tab)?.tab : undefined;
  const [tab, setTab] = useState<Tab>(target ?? "requests");
  // A request's "Conversation" opens that customer's.
  const [customerId, setCustomerId] = useState<number | null>(null);
  useEffect(() => {
    if (target) setTab(target);
  }, [nav.current]);

  const badge = (t: Tab) => {
    const n = t === "requests" ? counts.data?.open_requests : counts.data?.unread;
    return n ? (
      <span className={`badge ${t === "requests" ? "blue" : "accent"}`} aria-label={t === "requests" ? `${n} open` : `${n} unread`}>
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
          <h1>Support</h1>
          <p>Refund requests customers send from the chat, and their messages to your bot. Answers go out through the bot.</p>
        </div>
      </div>
      <div className="card support">
        <div className="tabs" role="tablist" aria-label="Support" onKeyDown={onKeyDown}>
          {TABS.map((t) => (
            <button
              key={t.tab}
              id={`support-tab-${t.tab}`}
              role="tab"
              aria-selected={t.tab === tab}
              aria-controls={`support-panel-${t.tab}`}
              tabIndex={t.tab === tab ? 0 : -1}
              onClick={() => setTab(t.tab)}
              data-test={`support-tab-${t.tab}`}
            >
              {t.label}
              {badge(t.tab)}
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
