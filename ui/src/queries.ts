// Shared queries: the same key everywhere, so one event refreshes every page that shows it.

import { type QueryClient, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { AuditQuery } from "./bindings/AuditQuery";
import type { CustomerQuery } from "./bindings/CustomerQuery";
import type { CustomerRow } from "./bindings/CustomerRow";
import type { DeskStatus } from "./bindings/DeskStatus";
import type { InvoiceStatus } from "./bindings/InvoiceStatus";
import type { OrderQuery } from "./bindings/OrderQuery";
import type { OrderRow } from "./bindings/OrderRow";
import type { Subscriber } from "./bindings/Subscriber";
import type { SubscriberQuery } from "./bindings/SubscriberQuery";
import { openAttention } from "./api/attention";
import { auditPage } from "./api/audit";
import { botStatus } from "./api/bot";
import { listProducts } from "./api/catalog";
import { customersPage } from "./api/customers";
import { flaggedCustomers } from "./api/legal";
import { invoicesPage } from "./api/invoices";
import { promos } from "./api/promos";
import { payouts, payoutsDue, rateOverrides, referralSettings, referrers } from "./api/referrals";
import { ordersPage } from "./api/orders";
import { reportSettings, reportsOverview } from "./api/commands";
import { stepUpStatus } from "./api/stepup";
import { channels, expiryQueue, plans, subscribersPage, subscriptionFigures } from "./api/subscriptions";
import { supportCounts, templates } from "./api/support";

/**
 * The newer of two statuses: a command's answer can arrive after an event that is newer than
 * it (Start answers "starting" after the bot already said "running"), so the bot's part with the
 * higher `seq` is kept; the rest (mode, token, folder) is the fresh one's.
 */
export function newerStatus(old: DeskStatus | undefined, fresh: DeskStatus): DeskStatus {
  return old && old.bot.seq > fresh.bot.seq ? { ...fresh, bot: old.bot } : fresh;
}

/** Puts a status a command answered into the cache, unless an event brought a newer one. */
export function setStatus(qc: QueryClient, fresh: DeskStatus) {
  qc.setQueryData<DeskStatus>(["status"], (old) => newerStatus(old, fresh));
}

export const useStatus = () => {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ["status"],
    queryFn: async () => newerStatus(qc.getQueryData<DeskStatus>(["status"]), await botStatus()),
  });
};

export const useProducts = (includeArchived: boolean) =>
  useQuery({ queryKey: ["products", includeArchived], queryFn: () => listProducts(includeArchived) });

export const useAttention = () => useQuery({ queryKey: ["attention"], queryFn: openAttention });

/** Open refund requests and conversations waiting for an answer: the Support page's badge. */
export const useSupportCounts = () => useQuery({ queryKey: ["support-counts"], queryFn: supportCounts });

export const useStepUpStatus = () => useQuery({ queryKey: ["stepup"], queryFn: stepUpStatus });

/** Every plan, on sale and archived (Demo's plan picker shares the key). */
export const usePlans = () => useQuery({ queryKey: ["plans"], queryFn: plans });

/** The channels and groups the bot administers for plans. */
export const useChannels = () => useQuery({ queryKey: ["channels"], queryFn: channels });

export const useExpiryQueue = () => useQuery({ queryKey: ["expiry-queue"], queryFn: expiryQueue });

export const useSubscriptionFigures = (enabled = true) =>
  useQuery({ queryKey: ["sub-figures"], queryFn: subscriptionFigures, enabled });

/** Every query that shows plans, channels, subscribers or the expiry queue. */
export const SUBSCRIPTION_KEYS = ["plans", "channels", "subscribers-page", "subscribers-count", "subscriber", "expiry-queue", "sub-figures"];

/** After a change made from the window: whatever shows subscriptions reads them again. */
export function refreshSubscriptions(qc: QueryClient) {
  for (const key of SUBSCRIPTION_KEYS) void qc.invalidateQueries({ queryKey: [key] });
}

/** Referrers, payouts and the program's terms; a sale or refund changes their figures. */
export const REFERRAL_KEYS = ["referrers", "referrer", "payouts-due", "payouts"];

/** Promo codes with their uses; a sale or refund changes their figures. */
export const PROMO_KEYS = ["promos", "promo-uses"];

// What is on hold is judged by the shop's clock, which moves without an event (and by a month at
// a time in demo mode): the referral figures are read again whenever they are shown.
export const useReferrers = () => useQuery({ queryKey: ["referrers"], queryFn: referrers, staleTime: 0 });

export const usePayoutsDue = () => useQuery({ queryKey: ["payouts-due"], queryFn: payoutsDue, staleTime: 0 });

export const usePayouts = () => useQuery({ queryKey: ["payouts"], queryFn: payouts });

export const useReferralSettings = () => useQuery({ queryKey: ["referral-settings"], queryFn: referralSettings });

export const useRateOverrides = () => useQuery({ queryKey: ["rate-overrides"], queryFn: rateOverrides });

export const usePromos = () => useQuery({ queryKey: ["promos"], queryFn: promos });

export const useTemplates = () => useQuery({ queryKey: ["templates"], queryFn: templates });

/** A customer's latest orders (the search by Telegram id also matches an order of that number). */
export const useCustomerOrders = (customerId: number | null) =>
  useQuery({
    queryKey: ["customer-orders", customerId],
    enabled: customerId !== null,
    queryFn: async () => {
      const rows = await ordersPage({
        search: String(customerId),
        status: null,
        product_id: null,
        from: null,
        to: null,
        sort: "date",
        descending: true,
        offset: 0,
        limit: 50,
      });
      return rows.filter((r) => r.customer_id === customerId);
    },
  });

/**
 * A long list read a page at a time: page `n` is the query `[...key, n]`, so a list with other
 * filters is other queries, and invalidating `[key[0]]` refetches whatever pages are on screen.
 */
export interface RowPages<T> {
  key: readonly unknown[];
  size: number;
  fetch: (offset: number, limit: number) => Promise<T[]>;
}

/**
 * A list the store gives whole (a few thousand rows at most), searched and sorted here, paged to
 * the virtual table like a server-side one. Its pages live under `key`, so invalidating `key[0]`
 * reads the list again with them.
 */
export function localPages<T>(key: readonly unknown[], all: () => Promise<T[]>, view: (rows: T[]) => T[]): RowPages<T> {
  return {
    key,
    size: 100,
    fetch: async (offset, limit) => view(await all()).slice(offset, offset + limit),
  };
}

export const orderPages = (query: OrderQuery): RowPages<OrderRow> => ({
  key: ["orders-page", query],
  size: query.limit,
  fetch: (offset, limit) => ordersPage({ ...query, offset, limit }),
});

export const customerPages = (query: CustomerQuery): RowPages<CustomerRow> => ({
  key: ["customers-page", query],
  size: query.limit,
  fetch: (offset, limit) => customersPage({ ...query, offset, limit }),
});

export const auditPages = (query: AuditQuery): RowPages<AuditEntry> => ({
  key: ["audit-page", query],
  size: query.limit,
  fetch: (offset, limit) => auditPage({ ...query, offset, limit }),
});

export const subscriberPages = (query: SubscriberQuery): RowPages<Subscriber> => ({
  key: ["subscribers-page", query],
  size: query.limit,
  fetch: (offset, limit) => subscribersPage({ ...query, offset, limit }),
});

/**
 * Invoices sent in the chat, their 7-day counts and how long a new one stays valid: every query
 * under this key is read again when an invoice is sent, paid or expires.
 */
export const INVOICES_KEY = "invoices";

/** Invoices a page at a time, newest first; the next page is the one before the last row. */
export const INVOICES_PAGE = 50;

export const useInvoices = (status: InvoiceStatus | null) =>
  useInfiniteQuery({
    queryKey: [INVOICES_KEY, "list", status],
    queryFn: ({ pageParam }) => invoicesPage({ status, customer_id: null, before: pageParam, limit: INVOICES_PAGE }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.invoices.length < INVOICES_PAGE ? undefined : last.invoices[last.invoices.length - 1].id),
  });

/** How long a new invoice stays valid, in minutes: the core has no getter of its own, a one-row page says it. */
export const useInvoiceMinutes = () =>
  useQuery({
    queryKey: [INVOICES_KEY, "valid-minutes"],
    queryFn: async () => (await invoicesPage({ status: null, customer_id: null, before: null, limit: 1 })).valid_minutes,
  });

/** Today's figures, with the shop's day "today" is and its time zone. */
export const useOverview = () => useQuery({ queryKey: ["overview"], queryFn: () => reportsOverview() });

/** The shop's time zone and the USD value of a Star. */
export const useReportSettings = () => useQuery({ queryKey: ["report-settings"], queryFn: () => reportSettings() });

/**
 * Customers a limit against abuse flagged, newest first; read again when one is flagged or a
 * flag is lifted (`customer_flagged`).
 */
export const FLAGGED_KEY = "flagged-customers";

export const useFlagged = () => useQuery({ queryKey: [FLAGGED_KEY], queryFn: flaggedCustomers });

/** The terms' version, the seller's details and the /terms preview (a bot text's change moves them). */
export const LEGAL_KEY = ["legal"];
