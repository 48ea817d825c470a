// A page's tabs (Subscriptions, Referrals, Reports): the tab the navigation asked for, arrow keys
// moving between tabs, and the ids that tie each tab to its panel.

import { type KeyboardEvent, type ReactNode, useEffect, useState } from "react";
import { type Page, useNav } from "../nav";

export type TabDef<T extends string> = { tab: T; label: string };

/** The tab shown: the one a navigation to `page` names, else `first`. */
export function usePageTab<T extends string>(page: Page, tabs: TabDef<T>[], first: T) {
  const nav = useNav();
  const target = nav.current.page === page ? tabs.find((t) => t.tab === nav.current.tab)?.tab : undefined;
  const [tab, setTab] = useState<T>(target ?? first);
  useEffect(() => {
    if (target) setTab(target);
  }, [nav.current]);
  return [tab, setTab] as const;
}

/** The tab list; `id` prefixes the tabs' ids (`<id>-tab-<tab>`, their panels `<id>-panel-<tab>`)
 *  and their `data-test`; `extra` adds to a tab's label (a badge). */
export function TabList<T extends string>({
  id,
  label,
  tabs,
  tab,
  onTab,
  extra,
}: {
  id: string;
  label: string;
  tabs: TabDef<T>[];
  tab: T;
  onTab: (tab: T) => void;
  extra?: (tab: T) => ReactNode;
}) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    const i = tabs.findIndex((t) => t.tab === tab);
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length].tab;
    onTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  return (
    <div className="tabs subs-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.tab}
          id={`${id}-tab-${t.tab}`}
          role="tab"
          aria-selected={t.tab === tab}
          aria-controls={`${id}-panel-${t.tab}`}
          tabIndex={t.tab === tab ? 0 : -1}
          onClick={() => onTab(t.tab)}
          data-test={`${id}-tab-${t.tab}`}
        >
          {t.label}
          {extra?.(t.tab)}
        </button>
      ))}
    </div>
  );
}
