// Orders: every paid order, searchable and filterable, scrolled virtually however many there are;
// beside them, the invoices sent in the chat that led (or did not lead) to one.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next, { type TFunction } from "i18next";
import { AlertTriangle, CheckCircle2, Clock, Heart, Receipt, RotateCw, Search, Send, Undo2, X, XCircle } from "lucide-react";
import { type MouseEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DeliveryEntry } from "../bindings/DeliveryEntry";
import type { Order } from "../bindings/Order";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OrderRow } from "../bindings/OrderRow";
import type { OrderSort } from "../bindings/OrderSort";
import type { Status } from "../bindings/Status";
import { ordersExport } from "../api/commands";
import { errorMessage } from "../api/invoke";
import { ExportButton } from "../components/ExportButton";
import { type TabDef, TabList, usePageTab } from "../components/Tabs";
import { deliverAgain, orderDetail, ordersCount } from "../api/orders";
import { useToast } from "../components/Toasts";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { Avatar, CopyButton, Drawer, EmptyState, ErrorState, Loading, OrderStatus, Person, Spinner, Stars } from "../components/ui";
import { ago, dateTime, dateTimeShort, localDayStart, num } from "../lib/format";
import { useLive } from "../live";
import { type OrdersTab, useNav } from "../nav";
import { orderPages, useProducts } from "../queries";
import { AffiliateRows } from "./orders/Affiliate";
import { BatchBanners, BatchDialog, BulkRefundDialog } from "./orders/Batch";
import { OrderCodeRows } from "./catalog/OrderCode";
import { PricingRows } from "./orders/Pricing";
import { DateField } from "./orders/DateField";
import { dayOrEmpty, describeFilters, rangeProblem } from "./orders/filters";
import { InvoicesPanel } from "./orders/Invoices";
import { RefundDialog } from "./orders/Refund";
import { useDebounced } from "../lib/debounce";

/** The statuses the filter offers, in its order; each one's label is `status.<value>`. */
const STATUSES: Status[] = ["paid", "delivered", "failed", "refunded"];

/** A tip ("Support us" in the chat): an order of its own, with no product. */
export function TipBadge() {
  const { t } = useTranslation("orders");
  return (
    <span className="badge amber" data-test="tip-badge" title={t("tip.badgeTitle")}>
      <Heart size={12} /> {t("tip.badge")}
    </span>
  );
}

/**
 * A tip's order, read from its drawer's details, which do not say it: no product and the tips'
 * title. The list's rows say it for sure, and the drawer takes their word when opened from one.
 */
export const looksLikeTip = (o: Pick<Order, "product_id" | "product_title">) => o.product_id === null && o.product_title === "Tip";

const orderColumns = (t: TFunction<"orders">): Column<OrderRow>[] => [
  {
    id: "number",
    header: t("columns.order"),
    cell: ({ row }) => <span className="mono ellipsis">#{row.original.id}</span>,
    meta: { width: "84px", sort: "number" },
  },
  {
    id: "date",
    header: t("columns.paid"),
    cell: ({ row }) => (
      <span className="tabular ellipsis" title={dateTime(row.original.created_at)}>
        {dateTimeShort(row.original.created_at)}
      </span>
    ),
    meta: { width: "minmax(128px, 1fr)", sort: "date" },
  },
  {
    id: "customer",
    header: t("columns.customer"),
    cell: ({ row }) => (
      <Person id={row.original.customer_id} name={row.original.customer_name} username={row.original.customer_username} />
    ),
    meta: { width: "minmax(120px, 1.5fr)" },
  },
  {
    id: "product",
    header: t("columns.product"),
    cell: ({ row }) =>
      row.original.tip ? (
        <TipBadge />
      ) : (
        <span className="ellipsis" title={row.original.product_title}>
          {row.original.product_title}
        </span>
      ),
    // In a small window the drawer still names the product; the status has to stay in sight.
    meta: { width: "minmax(110px, 1.2fr)", hideBelow: 760 },
  },
  {
    id: "amount",
    header: t("columns.amount"),
    cell: ({ row }) => <Stars n={row.original.stars} />,
    meta: { width: "92px", align: "right", sort: "amount" },
  },
  {
    id: "status",
    header: t("columns.status"),
    cell: ({ row }) => <OrderStatus status={row.original.status} />,
    meta: { width: "150px", sort: "status" },
  },
];

/** What a delivery is doing, in words: a message waiting its turn within Telegram's limits is queued. */
export function deliveryState(d: DeliveryEntry, queued: boolean): string {
  if (d.state === "sent") return i18next.t("orders:delivery.state.sent");
  if (d.state === "failed") return i18next.t("orders:delivery.state.failed");
  if (queued) return i18next.t("orders:delivery.state.queued");
  return d.state === "sending" ? i18next.t("orders:delivery.state.sending") : i18next.t("orders:delivery.state.waiting");
}

export function DeliveryStep({ d, queued = false, tip = false }: { d: DeliveryEntry; queued?: boolean; tip?: boolean }) {
  const { t } = useTranslation("orders");
  const ok = d.state === "sent";
  const bad = d.state === "failed";
  const mark = ok ? "ok" : bad ? "bad" : "wait";
  const what = d.kind === "apology" ? t("delivery.what.apology") : tip ? t("delivery.what.tip") : t("delivery.what.goods");
  return (
    <div className="step">
      <div className={`mark ${mark}`}>{ok ? <CheckCircle2 size={14} /> : bad ? <XCircle size={14} /> : <Clock size={14} />}</div>
      <div>
        <div className="title">
          {what} · {deliveryState(d, queued)}
        </div>
        <div className="small">{deliveryCause(d)}</div>
        <div className="muted small">
          {dateTime(d.created_at)}
          {d.sent_at ? ` ${t("delivery.sentAgo", { ago: ago(d.sent_at) })}` : ""} · {t("delivery.attempts", { count: d.attempts })}
        </div>
        {d.last_error && <div className="small" style={{ color: "var(--red)" }}>{d.last_error}</div>}
      </div>
    </div>
  );
}

/** Why a delivery went out: by itself after the payment (or the refund), or who asked for it. */
export function deliveryCause(d: DeliveryEntry): string {
  switch (d.asked_actor) {
    case "operator":
      return i18next.t("orders:delivery.cause.operator", { who: d.asked_by ?? i18next.t("orders:delivery.cause.anOperator") });
    case "customer":
      return d.asked_by
        ? i18next.t("orders:delivery.cause.customerNamed", { who: d.asked_by })
        : i18next.t("orders:delivery.cause.customer");
    case "stardeskd":
      return i18next.t("orders:delivery.cause.stardeskd");
    case null:
      return d.kind === "apology" ? i18next.t("orders:delivery.cause.afterRefund") : i18next.t("orders:delivery.cause.afterPayment");
    default:
      return i18next.t("orders:delivery.cause.other", { who: d.asked_by ?? d.asked_actor });
  }
}

/** `tip`: the order is a tip, as its row said; without a row, read from its details. */
function OrderDrawer({ id, tip, onClose }: { id: number; tip?: boolean; onClose: () => void }) {
  const { t } = useTranslation("orders");
  const qc = useQueryClient();
  const [refunding, setRefunding] = useState(false);
  const toast = useToast();
  const nav = useNav();
  const q = useQuery({ queryKey: ["order", id], queryFn: () => orderDetail(id) });
  const d = q.data;
  const isTip = tip ?? (d ? looksLikeTip(d.order) : false);
  const again = useMutation({
    mutationFn: () => deliverAgain(id),
    onSuccess: () => {
      if (isTip) toast.show("success", t("drawer.toast.tipAgain", { id }), t("drawer.toast.tipAgainBody"));
      else toast.show("success", t("drawer.toast.orderAgain", { id }), t("drawer.toast.orderAgainBody"));
      void qc.invalidateQueries({ queryKey: ["order", id] });
      void qc.invalidateQueries({ queryKey: ["attention"] });
    },
    onError: (e) => {
      toast.show("error", t("drawer.toast.notDelivered"), errorMessage(e));
      void qc.invalidateQueries({ queryKey: ["order", id] });
    },
  });
  // The refund dialog is the drawer's sibling: a dialog inside another would hand its Escape to both.
  return (
    <>
      <Drawer
        label={t("drawer.label", { id })}
        onClose={onClose}
        title={
          <>
            <h2>{t("drawer.title", { id })}</h2>
            {d && <OrderStatus status={d.order.status} />}
            {d && isTip && <TipBadge />}
            {d?.order.recovered && <span className="badge blue">{t("drawer.recovered")}</span>}
          </>
        }
        footer={
          d && (
            <>
              {d.order.status !== "refunded" && (
                <button className="btn danger" onClick={() => setRefunding(true)} data-test="refund-order">
                  <Undo2 size={15} /> {t("drawer.refund")}
                </button>
              )}
              <span className="grow" />
              <button className="btn" onClick={() => nav.go({ page: "orders", search: String(d.order.customer_id) })}>
                {t("drawer.customerOrders")}
              </button>
              <button
                className="btn primary"
                disabled={again.isPending || d.order.status === "refunded"}
                title={
                  d.order.status === "refunded"
                    ? isTip
                      ? t("drawer.refundedTip")
                      : t("drawer.refundedOrder")
                    : isTip
                      ? t("drawer.thankAgainTitle")
                      : t("drawer.deliverAgainTitle")
                }
                onClick={() => again.mutate()}
                data-test="deliver-again"
              >
                {again.isPending ? <Spinner /> : <Send size={15} />} {isTip ? t("drawer.thankAgain") : t("drawer.deliverAgain")}
              </button>
            </>
          )
        }
      >
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : (
          d && (
            <>
              {d.attention.map((a) => (
                <div className="banner warn" key={a.id} style={{ marginBottom: 0 }}>
                  <AlertTriangle size={18} color="var(--amber)" />
                  <div className="grow">
                    <p>{a.message}</p>
                  </div>
                </div>
              ))}
              <section>
                <div className="section-title">{t("drawer.payment")}</div>
                <div className="kv">
                  <div className="k">{t("drawer.amount")}</div>
                  <div className="v">
                    <Stars n={d.order.stars} /> <span className="muted small">{t("drawer.xtr")}</span>
                  </div>
                  {isTip ? (
                    <>
                      <AffiliateRows orderId={id} />
                      <div className="k">{t("drawer.kind")}</div>
                      <div className="v" data-test="order-kind">
                        {t("drawer.kindTip")} <span className="muted small">{t("drawer.kindTipNote")}</span>
                      </div>
                    </>
                  ) : (
                    <>
                      <PricingRows orderId={id} charged={d.order.stars} />
                      <AffiliateRows orderId={id} />
                      <div className="k">{t("drawer.product")}</div>
                      <div className="v">{d.order.product_title}</div>
                      <OrderCodeRows orderId={id} refunded={d.order.status === "refunded"} />
                    </>
                  )}
                  <div className="k">{t("drawer.paid")}</div>
                  <div className="v">{dateTime(d.order.created_at)}</div>
                  <div className="k">{t("drawer.chargeId")}</div>
                  <div className="v row">
                    <span className="mono ellipsis">{d.order.charge_id}</span>
                    <CopyButton text={d.order.charge_id} label={t("drawer.copyChargeId")} />
                  </div>
                  {d.provider_charge_id && (
                    <>
                      <div className="k">{t("drawer.providerCharge")}</div>
                      <div className="v mono">{d.provider_charge_id}</div>
                    </>
                  )}
                  {d.order.delivered_at && (
                    <>
                      <div className="k">{t("drawer.delivered")}</div>
                      <div className="v">{dateTime(d.order.delivered_at)}</div>
                    </>
                  )}
                  {d.order.refunded_at && (
                    <>
                      <div className="k">{t("drawer.refunded")}</div>
                      <div className="v">
                        {dateTime(d.order.refunded_at)}
                        {d.order.refund_reason && <span className="muted"> · {d.order.refund_reason.replace(/_/g, " ")}</span>}
                      </div>
                    </>
                  )}
                </div>
              </section>
              <section>
                <div className="section-title">{t("drawer.customer")}</div>
                {d.customer ? (
                  <div className="row">
                    <Avatar id={d.customer.id} name={d.customer.first_name} large />
                    <div className="grow">
                      <div style={{ fontWeight: 600 }}>
                        {d.customer.first_name} {d.customer.blocked && <span className="badge red">{t("drawer.blocked")}</span>}
                      </div>
                      <div className="muted small">
                        {d.customer.username ? `@${d.customer.username} · ` : ""}
                        {t("drawer.telegramId", { id: d.customer.id })}
                      </div>
                    </div>
                  </div>
                ) : (
                  <div className="muted">{t("drawer.customerId", { id: d.order.customer_id })}</div>
                )}
              </section>
              <section>
                <div className="section-title">{t("drawer.deliveryLog")}</div>
                {d.deliveries.length === 0 ? (
                  <div className="muted">{t("drawer.nothingSent")}</div>
                ) : (
                  <div className="timeline">
                    {d.deliveries.map((x) => (
                      <DeliveryStep key={x.id} d={x} queued={d.queued.includes(x.id)} tip={isTip} />
                    ))}
                  </div>
                )}
              </section>
            </>
          )
        )}
      </Drawer>
      {refunding && <RefundDialog orderId={id} onClose={() => setRefunding(false)} />}
    </>
  );
}

const SORT_KEYS: OrderSort[] = ["date", "number", "amount", "status"];

const orderId = (r: OrderRow) => String(r.id);

/** A refunded order has nothing left to refund: it cannot be selected. */
const selectable = (r: OrderRow) => r.status !== "refunded";

/** The most orders one refund takes (the Rust side's `batch::MAX_ORDERS`). */
const MAX_BATCH = 5000;

const SELECT_WIDTH = "40px";

/** The page's tabs, named in the window's language. */
const tabDefs = (t: TFunction<"orders">): TabDef<OrdersTab>[] => [
  { tab: "orders", label: t("tabs.orders") },
  { tab: "invoices", label: t("tabs.invoices") },
];

function PageHead({ tab, children }: { tab: OrdersTab; children?: ReactNode }) {
  const { t } = useTranslation(["orders", "common"]);
  return (
    <div className="page-head">
      <div>
        <h1>{t("common:pages.orders")}</h1>
        <p>{tab === "orders" ? t("subtitle.orders") : t("subtitle.invoices")}</p>
      </div>
      {children}
    </div>
  );
}

export function OrdersPage() {
  const { t } = useTranslation("orders");
  const nav = useNav();
  const TABS = useMemo(() => tabDefs(t), [t]);
  const [tab, setTab] = usePageTab("orders", TABS, "orders");
  // A paid invoice's order opens over the invoices, as it would over the orders.
  const [order, setOrder] = useState<number | null>(null);
  // An order or a search asked for (from another page, or the drawer's "Customer's orders") is
  // shown in the orders tab.
  useEffect(() => {
    if (nav.current.page !== "orders" || (nav.current.search === undefined && nav.current.orderId === undefined)) return;
    setOrder(null);
    setTab("orders");
  }, [nav.current]);
  const tabs = <TabList id="orders" label={t("tabs.label")} tabs={TABS} tab={tab} onTab={setTab} />;
  if (tab === "orders") return <OrderList tabs={tabs} />;
  return (
    <div className="page fill">
      <PageHead tab={tab} />
      {tabs}
      <div className="subs-body" role="tabpanel" id="orders-panel-invoices" aria-labelledby="orders-tab-invoices">
        <InvoicesPanel onOrder={setOrder} />
      </div>
      {order !== null && <OrderDrawer id={order} onClose={() => setOrder(null)} />}
    </div>
  );
}

/** The orders tab; `tabs` goes under its head. */
function OrderList({ tabs }: { tabs: ReactNode }) {
  const { t } = useTranslation(["orders", "common"]);
  const nav = useNav();
  const live = useLive();
  const products = useProducts(true);
  const [search, setSearch] = useState(nav.current.page === "orders" ? (nav.current.search ?? "") : "");
  const [status, setStatus] = useState<Status | "">("");
  const [product, setProduct] = useState<string>("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "date", descending: true });
  const [open, setOpen] = useState<number | null>(nav.current.page === "orders" ? (nav.current.orderId ?? null) : null);
  // Whether the order opened is a tip, as its row says; unknown for one opened from elsewhere.
  const [openTip, setOpenTip] = useState<boolean | undefined>(undefined);
  const debounced = useDebounced(search, 250);

  useEffect(() => {
    if (nav.current.page !== "orders") return;
    if (nav.current.search !== undefined) setSearch(nav.current.search);
    if (nav.current.orderId !== undefined) {
      setOpen(nav.current.orderId);
      setOpenTip(undefined);
    }
  }, [nav.current]);

  const query: OrderQuery = useMemo(() => {
    const toDay = localDayStart(to);
    return {
      search: debounced.trim() || null,
      status: status || null,
      product_id: product ? Number(product) : null,
      from: localDayStart(from),
      to: toDay === null ? null : toDay + 86400,
      sort: (SORT_KEYS.includes(sort.key as OrderSort) ? sort.key : "date") as OrderSort,
      descending: sort.descending,
      offset: 0,
      limit: 100,
    };
  }, [debounced, status, product, from, to, sort]);
  const key = JSON.stringify(query);
  const filtered = Boolean(query.search || query.status || query.product_id || query.from || query.to);
  // A range that ends before it starts holds no order: say so rather than list nothing.
  const badRange = rangeProblem(from, to);
  const filterWords = describeFilters({
    search: debounced,
    status: status ? t(`status.${status}`) : "",
    product: (products.data ?? []).find((p) => String(p.id) === product)?.title ?? "",
    from: dayOrEmpty(from),
    to: dayOrEmpty(to),
  });

  const count = useQuery({
    queryKey: ["orders-count", key],
    queryFn: () => ordersCount(query),
    placeholderData: (p) => p,
    enabled: badRange === null,
  });
  const pages = useMemo(() => orderPages(query), [query]);

  // The selection, for refunding several orders at once. It holds the rows themselves, so it
  // outlives a search: select from one, search again, select more.
  const qc = useQueryClient();
  const toast = useToast();
  const [selected, setSelected] = useState<ReadonlyMap<number, OrderRow>>(new Map());
  const anchor = useRef<number | null>(null);
  const [bulk, setBulk] = useState<OrderRow[] | null>(null);
  const [batchShown, setBatchShown] = useState<number | null>(null);

  /** The rows loaded so far under the current filters, by their place in the list. */
  const loaded = useCallback(() => {
    const byIndex = new Map<number, OrderRow>();
    for (const [k, page] of qc.getQueriesData<OrderRow[]>({ queryKey: pages.key })) {
      const n = k[k.length - 1];
      if (typeof n === "number") page?.forEach((r, i) => byIndex.set(n * pages.size + i, r));
    }
    return byIndex;
  }, [qc, pages]);

  const mark = (rows: Iterable<OrderRow>, on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev);
      for (const r of rows) {
        if (on && selectable(r)) next.set(r.id, r);
        else next.delete(r.id);
      }
      return next;
    });

  // A click selects one row; with Shift, every row between it and the last one clicked takes its
  // new state, fetching the pages between them that were scrolled past unseen.
  const toggle = async (row: OrderRow, range: boolean) => {
    if (!selectable(row)) return;
    const on = !selected.has(row.id);
    const from = anchor.current;
    anchor.current = row.id;
    if (!range || from === null || from === row.id) return mark([row], on);
    const place = (rows: Map<number, OrderRow>, id: number) => [...rows].find(([, r]) => r.id === id)?.[0];
    let rows = loaded();
    const a = place(rows, from);
    const b = place(rows, row.id);
    if (a === undefined || b === undefined) return mark([row], on);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    if (hi - lo + 1 > MAX_BATCH) {
      toast.show("error", t("list.tooMany"), t("list.tooManyBody", { max: num(MAX_BATCH) }));
      return;
    }
    for (let n = Math.floor(lo / pages.size); n <= Math.floor(hi / pages.size); n++) {
      if (qc.getQueryData([...pages.key, n]) === undefined) {
        await qc.fetchQuery({ queryKey: [...pages.key, n], queryFn: () => pages.fetch(n * pages.size, pages.size) });
        rows = loaded();
      }
    }
    const between: OrderRow[] = [];
    for (let i = lo; i <= hi; i++) {
      const r = rows.get(i);
      if (r) between.push(r);
    }
    mark(between, on);
  };

  const columns = useMemo<Column<OrderRow>[]>(() => {
    const select: Column<OrderRow> = {
      id: "select",
      header: () => {
        const rows = [...loaded().values()].filter(selectable);
        const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
        const some = rows.some((r) => selected.has(r.id));
        return (
          <span className="check-cell">
            <input
              type="checkbox"
              className="row-check"
              aria-label={t("list.selectAll")}
              title={t("list.selectAll")}
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = some && !all;
              }}
              disabled={rows.length === 0}
              onChange={() => mark(rows, !all)}
            />
          </span>
        );
      },
      cell: ({ row }) => {
        const r = row.original;
        const refunded = !selectable(r);
        // The cell is the label: a click near the box selects rather than opening the order.
        const click = (e: MouseEvent<HTMLLabelElement>) => {
          e.stopPropagation();
          if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
          if (!refunded) void toggle(r, e.shiftKey);
        };
        return (
          <label className="check-cell" onClick={click} title={refunded ? t("list.refundedAlready") : undefined}>
            <input
              type="checkbox"
              className="row-check"
              aria-label={t("list.selectOrder", { id: r.id })}
              checked={selected.has(r.id)}
              disabled={refunded}
              onChange={() => {}}
            />
          </label>
        );
      },
      meta: { width: SELECT_WIDTH },
    };
    return [select, ...orderColumns(t)];
    // `toggle` and `mark` read `selected`, which is listed.
  }, [selected, loaded, t]);

  const selectedRows = [...selected.values()];
  const selectedStars = selectedRows.reduce((sum, r) => sum + r.stars, 0);
  // Rows refunded since they were selected (from the drawer, by a customer's request) drop out.
  const refundSelected = () => {
    const now = new Map([...loaded().values()].map((r) => [r.id, r]));
    const rows = selectedRows.map((r) => now.get(r.id) ?? r).filter(selectable);
    if (rows.length > 0) return setBulk(rows);
    setSelected(new Map());
    toast.show("info", t("list.nothingLeft"), t("list.nothingLeftBody"));
  };
  const clearSelection = () => {
    setSelected(new Map());
    anchor.current = null;
  };

  const clear = () => {
    setSearch("");
    setStatus("");
    setProduct("");
    setFrom("");
    setTo("");
  };

  return (
    <div className="page fill">
      <PageHead tab="orders">
        <ExportButton
          run={(job) => ordersExport(query, job)}
          row="order"
          disabled={badRange !== null || count.data === 0}
          test="orders-export"
          title={t("list.exportTitle")}
        />
      </PageHead>
      {tabs}
      <div className="subs-body fill" role="tabpanel" id="orders-panel-orders" aria-labelledby="orders-tab-orders">
        <BatchBanners onShow={setBatchShown} />
        <div className="toolbar">
          <div className="input-icon">
            <Search size={15} />
            <input
              className="input"
              type="search"
              name="order-search"
              placeholder={t("list.searchPlaceholder")}
              aria-label={t("list.searchLabel")}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <select
            className="select"
            aria-label={t("list.statusLabel")}
            value={status}
            onChange={(e) => setStatus(e.target.value as Status | "")}
          >
            <option value="">{t("list.anyStatus")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <select className="select" aria-label={t("list.productLabel")} value={product} onChange={(e) => setProduct(e.target.value)}>
            <option value="">{t("list.anyProduct")}</option>
            {(products.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
                {p.active ? "" : t("list.archived")}
              </option>
            ))}
          </select>
          <DateField
            label={t("list.paidFrom")}
            placeholder={t("list.fromAnyDay")}
            value={from}
            invalid={badRange !== null}
            onChange={setFrom}
          />
          <span className="muted">{t("list.to")}</span>
          <DateField
            label={t("list.paidUntil")}
            placeholder={t("list.untilToday")}
            value={to}
            invalid={badRange !== null}
            onChange={setTo}
          />
          {(filtered || from || to) && (
            <button className="btn ghost" onClick={clear}>
              <X size={14} /> {t("common:actions.clear")}
            </button>
          )}
          <span className="grow" />
          {count.isFetching && <RotateCw size={14} className="muted pulse" aria-label={t("list.updating")} />}
        </div>
        {selected.size > 0 && (
          <div className="selection-bar" role="region" aria-label={t("list.selectedOrders")}>
            <span>
              <strong data-test="selected-count">{t("list.selected", { count: selected.size })}</strong>
              <span className="muted"> · </span>
              <Stars n={selectedStars} />
            </span>
            <span className="grow" />
            <button className="btn danger solid sm" onClick={refundSelected} data-test="refund-selected">
              <Undo2 size={14} /> {t("list.refundSelected")}
            </button>
            <button className="btn ghost sm" onClick={clearSelection}>
              <X size={14} /> {t("list.clearSelection")}
            </button>
          </div>
        )}
        {badRange !== null ? (
          <div className="filter-problem" role="alert" data-test="date-range-problem">
            <AlertTriangle size={16} />
            <span>{badRange}</span>
            <button
              className="btn sm"
              onClick={() => {
                setFrom(to);
                setTo(from);
              }}
            >
              {t("list.swapDates")}
            </button>
          </div>
        ) : count.isError ? (
          <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
        ) : (
          <VirtualTable<OrderRow>
            label={t("list.tableLabel")}
            columns={columns}
            pages={pages}
            total={count.data}
            rowId={orderId}
            scrollKey={key}
            sort={sort}
            onSort={setSort}
            onOpen={(r) => {
              setOpen(r.id);
              setOpenTip(r.tip);
            }}
            onToggle={(r, range) => void toggle(r, range)}
            footer={<span>{t("list.footer")}</span>}
            fresh={live.freshOrders}
            selectedId={open === null ? null : String(open)}
            empty={
              filtered ? (
                <EmptyState
                  icon={<Search size={24} />}
                  title={t("list.noMatchTitle")}
                  action={
                    <button className="btn" onClick={clear}>
                      {t("list.clearFilters")}
                    </button>
                  }
                >
                  <span data-test="empty-filters">{t("list.noMatch", { filters: filterWords })}</span>
                  {query.search && <> {t("list.searchHelp")}</>}
                </EmptyState>
              ) : (
                <EmptyState
                  icon={<Receipt size={24} />}
                  title={t("list.emptyTitle")}
                  action={
                    <div className="row">
                      <button className="btn" onClick={() => nav.go("catalog")}>
                        {t("list.openCatalog")}
                      </button>
                      <button className="btn primary" onClick={() => nav.go("demo")}>
                        {t("list.testPurchase")}
                      </button>
                    </div>
                  }
                >
                  {t("list.empty")}
                </EmptyState>
              )
            }
          />
        )}
      </div>
      {open !== null && <OrderDrawer id={open} tip={openTip} onClose={() => setOpen(null)} />}
      {bulk !== null && <BulkRefundDialog orders={bulk} onStarted={clearSelection} onClose={() => setBulk(null)} />}
      {batchShown !== null && <BatchDialog id={batchShown} onClose={() => setBatchShown(null)} />}
    </div>
  );
}
