// Which page is open, and how to open another (optionally with a search to start from).

import { createContext, useContext } from "react";

export type Page =
  | "overview"
  | "catalog"
  | "subscriptions"
  | "orders"
  | "customers"
  | "reports"
  | "promos"
  | "referrals"
  | "support"
  | "audit"
  | "settings"
  | "demo";

export type OrdersTab = "orders" | "invoices";

export type SupportTab = "requests" | "conversations";

export type SubscriptionsTab = "plans" | "subscribers" | "expiry" | "channels";

export type ReportsTab = "revenue" | "funnel" | "subscriptions" | "cash" | "books";

export type ReferralsTab = "referrers" | "payouts" | "settings" | "affiliates";

export interface NavTarget {
  page: Page;
  /** Orders: a search to start with (an order number, a customer id). */
  search?: string;
  /** Orders: the order to open. */
  orderId?: number;
  /** Orders, Support, Subscriptions, Referrals, Reports: the tab to show. */
  tab?: OrdersTab | SupportTab | SubscriptionsTab | ReferralsTab | ReportsTab;
}

export interface Nav {
  current: NavTarget;
  go(target: Page | NavTarget): void;
}

export const NavContext = createContext<Nav>({ current: { page: "overview" }, go: () => {} });

export const useNav = () => useContext(NavContext);
