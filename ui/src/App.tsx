// The window: a sidebar of pages, the bot's state at its foot, the open page beside it.

import {
  BarChart3,
  FlaskConical,
  Handshake,
  History,
  LayoutDashboard,
  LifeBuoy,
  Package,
  Receipt,
  Repeat,
  Settings,
  Star,
  TicketPercent,
  Users,
} from "lucide-react";
import { type ReactNode, Suspense, lazy, useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { BotStateBadge, Loading } from "./components/ui";
import { type Nav, NavContext, type NavTarget, type Page } from "./nav";
import { OverviewPage } from "./pages/Overview";
import { useShopZone } from "./lib/zone";
import { useAttention, useStatus, useSupportCounts } from "./queries";

// The window opens on Overview; the other pages load when first opened.
const AuditPage = lazy(() => import("./pages/Audit").then((m) => ({ default: m.AuditPage })));
const CatalogPage = lazy(() => import("./pages/Catalog").then((m) => ({ default: m.CatalogPage })));
const CustomersPage = lazy(() => import("./pages/Customers").then((m) => ({ default: m.CustomersPage })));
const DemoPage = lazy(() => import("./pages/Demo").then((m) => ({ default: m.DemoPage })));
const OrdersPage = lazy(() => import("./pages/Orders").then((m) => ({ default: m.OrdersPage })));
const PromosPage = lazy(() => import("./pages/Promos").then((m) => ({ default: m.PromosPage })));
const ReportsPage = lazy(() => import("./pages/Reports").then((m) => ({ default: m.ReportsPage })));
const ReferralsPage = lazy(() => import("./pages/Referrals").then((m) => ({ default: m.ReferralsPage })));
const SettingsPage = lazy(() => import("./pages/Settings").then((m) => ({ default: m.SettingsPage })));
const SubscriptionsPage = lazy(() => import("./pages/Subscriptions").then((m) => ({ default: m.SubscriptionsPage })));
const SupportPage = lazy(() => import("./pages/Support").then((m) => ({ default: m.SupportPage })));

// The labels are `common:pages.<page>`, read as the sidebar renders (the language can change).
const PAGES: { page: Page; icon: ReactNode }[] = [
  { page: "overview", icon: <LayoutDashboard size={17} /> },
  { page: "catalog", icon: <Package size={17} /> },
  { page: "subscriptions", icon: <Repeat size={17} /> },
  { page: "orders", icon: <Receipt size={17} /> },
  { page: "customers", icon: <Users size={17} /> },
  { page: "promos", icon: <TicketPercent size={17} /> },
  { page: "referrals", icon: <Handshake size={17} /> },
  { page: "support", icon: <LifeBuoy size={17} /> },
  { page: "demo", icon: <FlaskConical size={17} /> },
  { page: "reports", icon: <BarChart3 size={17} /> },
  { page: "audit", icon: <History size={17} /> },
  { page: "settings", icon: <Settings size={17} /> },
];

function PageView({ page }: { page: Page }) {
  switch (page) {
    case "overview":
      return <OverviewPage />;
    case "catalog":
      return <CatalogPage />;
    case "subscriptions":
      return <SubscriptionsPage />;
    case "orders":
      return <OrdersPage />;
    case "customers":
      return <CustomersPage />;
    case "reports":
      return <ReportsPage />;
    case "promos":
      return <PromosPage />;
    case "referrals":
      return <ReferralsPage />;
    case "support":
      return <SupportPage />;
    case "demo":
      return <DemoPage />;
    case "audit":
      return <AuditPage />;
    case "settings":
      return <SettingsPage />;
  }
}

export function App() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<NavTarget>({ page: "overview" });
  const status = useStatus();
  const attention = useAttention();
  // Every time and day below is shown in the shop's time zone.
  useShopZone();
  const go = useCallback((t: Page | NavTarget) => setCurrent(typeof t === "string" ? { page: t } : t), []);
  const nav: Nav = useMemo(() => ({ current, go }), [current, go]);

  // Ctrl+1…9 (⌘ on macOS) opens a page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= PAGES.length) {
        e.preventDefault();
        go(PAGES[n - 1].page);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go]);

  const bot = status.data?.bot;
  const attentionCount = attention.data?.length ?? 0;
  // Requests to decide and customers waiting for an answer.
  const support = useSupportCounts();
  const supportCount = (support.data?.open_requests ?? 0) + (support.data?.open_conversations ?? 0);
  return (
    <NavContext.Provider value={nav}>
      <div className="app">
        <nav className="sidebar" aria-label={t("nav.label")}>
          <div className="brand">
            <div className="brand-mark">
              <Star size={17} fill="currentColor" strokeWidth={0} />
            </div>
            <div>
              <div className="brand-name">Stardesk</div>
              <div className="brand-sub">{t("nav.brandSub")}</div>
            </div>
          </div>
          {PAGES.map((p, i) => (
            <button
              key={p.page}
              className="nav-item"
              aria-current={current.page === p.page ? "page" : undefined}
              onClick={() => go(p.page)}
              data-page={p.page}
            >
              {p.icon}
              {t(`pages.${p.page}`)}
              {p.page === "overview" && attentionCount > 0 ? (
                <span className="count" aria-label={t("nav.needAttention", { count: attentionCount })}>
                  {attentionCount}
                </span>
              ) : p.page === "support" && supportCount > 0 ? (
                <span className="count" aria-label={t("nav.supportWaiting", { count: supportCount })} data-test="support-count">
                  {supportCount}
                </span>
              ) : p.page === "demo" && status.data?.mode === "demo" ? (
                <span className="badge accent" style={{ marginLeft: "auto", height: 18, fontSize: 10.5 }}>
                  {t("nav.on")}
                </span>
              ) : (
                // Ctrl+1…9 reach the first nine pages.
                i < 9 && <kbd>Ctrl {i + 1}</kbd>
              )}
            </button>
          ))}
          <div className="sidebar-foot">
            <button className="bot-chip" onClick={() => go("settings")} title={t("nav.botSettings")}>
              <div className="grow" style={{ minWidth: 0 }}>
                {/* The whole name, wrapped if need be; the state sits on the line below. */}
                <div className="who" title={bot?.bot_username ? `@${bot.bot_username}` : undefined} data-test="bot-name">
                  {bot?.bot_username ? `@${bot.bot_username}` : t("bot.yourBot")}
                </div>
                <div className="what">
                  <span>{status.data?.mode === "demo" ? t("nav.demoSimulator") : "Telegram"}</span>
                  {bot && <BotStateBadge state={bot.state} />}
                </div>
              </div>
            </button>
          </div>
        </nav>
        <main className="main">
          <Suspense fallback={<Loading />}>
            <PageView page={current.page} />
          </Suspense>
        </main>
      </div>
    </NavContext.Provider>
  );
}
