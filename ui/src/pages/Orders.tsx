// Orders: every paid order, searchable and filterable, scrolled virtually however many there are;
// beside them, the invoices sent in the chat that led (or did not lead) to one.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Clock, Heart, Receipt, RotateCw, Search, Send, Undo2, X, XCircle } from "lucide-react";
import { type MouseEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
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

const STATUSES: { value: Status; label: string }[] = [
  { value: "paid", label: "Paid, delivering" },
  { value: "delivered", label: "Delivered" },
  { value: "failed", label: "Delivery failed" },
  { value: "refunded", label: "Refunded" },
];

/** A tip ("Support us" in the chat): an order of its own, with no product. */
export function TipBadge() {
  return (
    <span className="badge amber" data-test="tip-badge" title="A tip (Support us in the chat), not a sale of a product">
      <Heart size={12} /> Tip
    </span>
  );
}

/**
 * A tip's order, read from its drawer's details, which do not say it: no product and the tips'
 * title. The list's rows say it for sure, and the drawer takes their word when opened from one.
 */
export const looksLikeTip = (o: Pick<Order, "product_id" | "product_title">) => o.product_id === null && o.product_title === "Tip";

const orderColumns: Column<OrderRow>[] = [
  {
    id: "number",
    header: "Order",
    cell: ({ row }) => <span className="mono ellipsis">#{row.original.id}</span>,
    meta: { width: "84px", sort: "number" },
  },
  {
    id: "date",
    header: "Paid",
    cell: ({ row }) => (
      <span className="tabular ellipsis" title={dateTime(row.original.created_at)}>
        {dateTimeShort(row.original.created_at)}
      </span>
    ),
    meta: { width: "minmax(128px, 1fr)", sort: "date" },
  },
  {
    id: "customer",
    header: "Customer",
    cell: ({ row }) => (
      <Person id={row.original.customer_id} name={row.original.customer_name} username={row.original.customer_username} />
    ),
    meta: { width: "minmax(120px, 1.5fr)" },
  },
  {
    id: "product",
    header: "Product",
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
    header: "Amount",
    cell: ({ row }) => <Stars n={row.original.stars} />,
    meta: { width: "92px", align: "right", sort: "amount" },
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => <OrderStatus status={row.original.status} />,
    meta: { width: "150px", sort: "status" },
  },
];

/** What a delivery is doing, in words: a message waiting its turn within Telegram's limits is queued. */
export function deliveryState(d: DeliveryEntry, queued: boolean): string {
  if (d.state === "sent") return "sent";
  if (d.state === "failed") return "failed";
  if (queued) return "Queued · waiting for Telegram's send limit";
  return d.state === "sending" ? "sending" : "waiting";
}

export function DeliveryStep({ d, queued = false, tip = false }: { d: DeliveryEntry; queued?: boolean; tip?: boolean }) {
  const ok = d.state === "sent";
  const bad = d.state === "failed";
  const mark = ok ? "ok" : bad ? "bad" : "wait";
  const what = d.kind === "apology" ? "Refund and apology" : tip ? "Thank-you and receipt" : "Goods and receipt";
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
          {d.sent_at ? ` → sent ${ago(d.sent_at)}` : ""} · {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
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
      return `Deliver again, asked by ${d.asked_by ?? "an operator"} in the window`;
    case "customer":
      return `Get again, asked by the customer${d.asked_by ? ` (${d.asked_by})` : ""} in the chat`;
    case "stardeskd":
      return "Deliver again, asked from stardeskd";
    case null:
      return d.kind === "apology" ? "Automatic, after the refund" : "Automatic, after the payment";
    default:
      return `Asked by ${d.asked_by ?? d.asked_actor}`;
  }
}

/** `tip`: the order is a tip, as its row said; without a row, read from its details. */
function OrderDrawer({ id, tip, onClose }: { id: number; tip?: boolean; onClose: () => void }) {
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
      if (isTip) toast.show("success", `Thank-you for tip #${id} sent again`, "The customer has your thank-you text in the chat once more.");
      else toast.show("success", `Order #${id} delivered again`, "The customer has the goods in the chat once more.");
      void qc.invalidateQueries({ queryKey: ["order", id] });
      void qc.invalidateQueries({ queryKey: ["attention"] });
    },
    onError: (e) => {
      toast.show("error", "Not delivered", errorMessage(e));
      void qc.invalidateQueries({ queryKey: ["order", id] });
    },
  });
  // The refund dialog is the drawer's sibling: a dialog inside another would hand its Escape to both.
  return (
    <>
      <Drawer
        label={`Order ${id}`}
        onClose={onClose}
        title={
          <>
            <h2>Order #{id}</h2>
            {d && <OrderStatus status={d.order.status} />}
            {d && isTip && <TipBadge />}
            {d?.order.recovered && <span className="badge blue">Recovered from Telegram's ledger</span>}
          </>
        }
        footer={
          d && (
            <>
              {d.order.status !== "refunded" && (
                <button className="btn danger" onClick={() => setRefunding(true)} data-test="refund-order">
                  <Undo2 size={15} /> Refund
                </button>
              )}
              <span className="grow" />
              <button className="btn" onClick={() => nav.go({ page: "orders", search: String(d.order.customer_id) })}>
                Customer's orders
              </button>
              <button
                className="btn primary"
                disabled={again.isPending || d.order.status === "refunded"}
                title={
                  d.order.status === "refunded"
                    ? isTip
                      ? "A refunded tip has nothing to thank for"
                      : "A refunded order has no goods to send"
                    : isTip
                      ? "Send your thank-you text (as it reads now) and the receipt once more"
                      : "Send the goods to the customer once more"
                }
                onClick={() => again.mutate()}
                data-test="deliver-again"
              >
                {again.isPending ? <Spinner /> : <Send size={15} />} {isTip ? "Send the thank-you again" : "Deliver again"}
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
                <div className="section-title">Payment</div>
                <div className="kv">
                  <div className="k">Amount</div>
                  <div className="v">
                    <Stars n={d.order.stars} /> <span className="muted small">Telegram Stars (XTR)</span>
                  </div>
                  {isTip ? (
                    <>
                      <AffiliateRows orderId={id} />
                      <div className="k">Kind</div>
                      <div className="v" data-test="order-kind">
                        Tip <span className="muted small">· Support us in the chat, no product: nothing to deliver but your thank-you text</span>
                      </div>
                    </>
                  ) : (
                    <>
                      <PricingRows orderId={id} charged={d.order.stars} />
                      <AffiliateRows orderId={id} />
                      <div className="k">Product</div>
                      <div className="v">{d.order.product_title}</div>
                      <OrderCodeRows orderId={id} refunded={d.order.status === "refunded"} />
                    </>
                  )}
                  <div className="k">Paid</div>
                  <div className="v">{dateTime(d.order.created_at)}</div>
                  <div className="k">Charge id</div>
                  <div className="v row">
                    <span className="mono ellipsis">{d.order.charge_id}</span>
                    <CopyButton text={d.order.charge_id} label="Copy charge id" />
                  </div>
                  {d.provider_charge_id && (
                    <>
                      <div className="k">Provider charge</div>
                      <div className="v mono">{d.provider_charge_id}</div>
                    </>
                  )}
                  {d.order.delivered_at && (
                    <>
                      <div className="k">Delivered</div>
                      <div className="v">{dateTime(d.order.delivered_at)}</div>
                    </>
                  )}
                  {d.order.refunded_at && (
                    <>
                      <div className="k">Refunded</div>
                      <div className="v">
                        {dateTime(d.order.refunded_at)}
                        {d.order.refund_reason && <span className="muted"> · {d.order.refund_reason.replace(/_/g, " ")}</span>}
                      </div>
                    </>
                  )}
                </div>
              </section>
              <section>
                <div className="section-title">Customer</div>
                {d.customer ? (
                  <div className="row">
                    <Avatar id={d.customer.id} name={d.customer.first_name} large />
                    <div className="grow">
                      <div style={{ fontWeight: 600 }}>
                        {d.customer.first_name} {d.customer.blocked && <span className="badge red">Blocked</span>}
                      </div>
                      <div className="muted small">
                        {d.customer.username ? `@${d.customer.username} · ` : ""}Telegram id {d.customer.id}
                      </div>
                    </div>
                  </div>
                ) : (
                  <div className="muted">Customer {d.order.customer_id}</div>
                )}
              </section>
              <section>
                <div className="section-title">Delivery log</div>
                {d.deliveries.length === 0 ? (
                  <div className="muted">Nothing was sent for this order yet.</div>
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

const TABS: TabDef<OrdersTab>[] = [
  { tab: "orders", label: "Orders" },
  { tab: "invoices", label: "Invoices" },
];

function PageHead({ tab, children }: { tab: OrdersTab; children?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1>Orders</h1>
        <p>
          {tab === "orders"
            ? "Every payment becomes one order. New ones appear here as they are paid."
            : "Every Buy in the chat sends an invoice. It stays open until it is paid, and becomes an order, or its time runs out."}
        </p>
      </div>
      {children}
    </div>
  );
}

export function OrdersPage() {
  const nav = useNav();
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
  const tabs = <TabList id="orders" label="Orders" tabs={TABS} tab={tab} onTab={setTab} />;
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
    status: STATUSES.find((s) => s.value === status)?.label ?? "",
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
      toast.show("error", "Too many orders at once", `A refund takes at most ${num(MAX_BATCH)} orders; select a shorter range.`);
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
              aria-label="Select all loaded orders"
              title="Select all loaded orders"
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
          <label className="check-cell" onClick={click} title={refunded ? "Refunded already" : undefined}>
            <input
              type="checkbox"
              className="row-check"
              aria-label={`Select order #${r.id}`}
              checked={selected.has(r.id)}
              disabled={refunded}
              onChange={() => {}}
            />
          </label>
        );
      },
      meta: { width: SELECT_WIDTH },
    };
    return [select, ...orderColumns];
    // `toggle` and `mark` read `selected`, which is listed.
  }, [selected, loaded]);

  const selectedRows = [...selected.values()];
  const selectedStars = selectedRows.reduce((sum, r) => sum + r.stars, 0);
  // Rows refunded since they were selected (from the drawer, by a customer's request) drop out.
  const refundSelected = () => {
    const now = new Map([...loaded().values()].map((r) => [r.id, r]));
    const rows = selectedRows.map((r) => now.get(r.id) ?? r).filter(selectable);
    if (rows.length > 0) return setBulk(rows);
    setSelected(new Map());
    toast.show("info", "Nothing left to refund", "The selected orders are refunded already.");
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
          title="Every order the search and filters match, in this order, as a CSV file"
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
              placeholder="Customer, #order, product, code or charge id"
              aria-label="Search orders"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <select className="select" aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <select className="select" aria-label="Product" value={product} onChange={(e) => setProduct(e.target.value)}>
            <option value="">Any product</option>
            {(products.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
                {p.active ? "" : " (archived)"}
              </option>
            ))}
          </select>
          <DateField label="Paid from" placeholder="From any day" value={from} invalid={badRange !== null} onChange={setFrom} />
          <span className="muted">to</span>
          <DateField label="Paid until" placeholder="Until today" value={to} invalid={badRange !== null} onChange={setTo} />
          {(filtered || from || to) && (
            <button className="btn ghost" onClick={clear}>
              <X size={14} /> Clear
            </button>
          )}
          <span className="grow" />
          {count.isFetching && <RotateCw size={14} className="muted pulse" aria-label="Updating" />}
        </div>
        {selected.size > 0 && (
          <div className="selection-bar" role="region" aria-label="Selected orders">
            <span>
              <strong data-test="selected-count">{num(selected.size)} selected</strong>
              <span className="muted"> · </span>
              <Stars n={selectedStars} />
            </span>
            <span className="grow" />
            <button className="btn danger solid sm" onClick={refundSelected} data-test="refund-selected">
              <Undo2 size={14} /> Refund selected
            </button>
            <button className="btn ghost sm" onClick={clearSelection}>
              <X size={14} /> Clear
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
              Swap the dates
            </button>
          </div>
        ) : count.isError ? (
          <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
        ) : (
          <VirtualTable<OrderRow>
            label="Orders"
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
            footer={<span>↑ ↓ to move · Space to select · Enter to open</span>}
            fresh={live.freshOrders}
            selectedId={open === null ? null : String(open)}
            empty={
              filtered ? (
                <EmptyState
                  icon={<Search size={24} />}
                  title="No orders match the filters"
                  action={
                    <button className="btn" onClick={clear}>
                      Clear filters
                    </button>
                  }
                >
                  <span data-test="empty-filters">No order matches {filterWords}.</span>
                  {query.search && (
                    <>
                      {" "}
                      Search looks at customer names, @usernames, order numbers (#123), Telegram ids, charge ids, product
                      names and delivered codes, in any case and with or without accents.
                    </>
                  )}
                </EmptyState>
              ) : (
                <EmptyState
                  icon={<Receipt size={24} />}
                  title="No orders yet"
                  action={
                    <div className="row">
                      <button className="btn" onClick={() => nav.go("catalog")}>
                        Open Catalog
                      </button>
                      <button className="btn primary" onClick={() => nav.go("demo")}>
                        Make a test purchase
                      </button>
                    </div>
                  }
                >
                  When a customer pays, the order lands here at once. Share a product's link from Catalog, or rehearse a
                  purchase in Demo.
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
