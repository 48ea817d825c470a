// Orders: every paid order, searchable and filterable, scrolled virtually however many there are.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Clock, Receipt, RotateCw, Search, Send, X, XCircle } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import type { DeliveryEntry } from "../bindings/DeliveryEntry";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OrderRow } from "../bindings/OrderRow";
import type { OrderSort } from "../bindings/OrderSort";
import type { Status } from "../bindings/Status";
import { errorMessage } from "../api/invoke";
import { deliverAgain, orderDetail, ordersCount } from "../api/orders";
import { useToast } from "../components/Toasts";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { Avatar, CopyButton, Drawer, EmptyState, ErrorState, Loading, OrderStatus, Person, Spinner, Stars } from "../components/ui";
import { ago, dateTime, localDayStart } from "../lib/format";
import { useLive } from "../live";
import { useNav } from "../nav";
import { orderPages, useProducts } from "../queries";

const STATUSES: { value: Status; label: string }[] = [
  { value: "paid", label: "Paid, delivering" },
  { value: "delivered", label: "Delivered" },
  { value: "failed", label: "Delivery failed" },
  { value: "refunded", label: "Refunded" },
];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

const columns: Column<OrderRow>[] = [
  {
    id: "number",
    header: "Order",
    cell: ({ row }) => <span className="mono">#{row.original.id}</span>,
    meta: { width: "88px", sort: "number" },
  },
  {
    id: "date",
    header: "Paid",
    cell: ({ row }) => <span className="tabular ellipsis">{dateTime(row.original.created_at)}</span>,
    meta: { width: "minmax(178px, 1fr)", sort: "date" },
  },
  {
    id: "customer",
    header: "Customer",
    cell: ({ row }) => (
      <Person id={row.original.customer_id} name={row.original.customer_name} username={row.original.customer_username} />
    ),
    meta: { width: "minmax(170px, 1.5fr)" },
  },
  {
    id: "product",
    header: "Product",
    cell: ({ row }) => <span className="ellipsis">{row.original.product_title}</span>,
    meta: { width: "minmax(130px, 1.2fr)" },
  },
  {
    id: "amount",
    header: "Amount",
    cell: ({ row }) => <Stars n={row.original.stars} />,
    meta: { width: "100px", align: "right", sort: "amount" },
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => <OrderStatus status={row.original.status} />,
    meta: { width: "156px", sort: "status" },
  },
];

function DeliveryStep({ d }: { d: DeliveryEntry }) {
  const ok = d.state === "sent";
  const bad = d.state === "failed";
  const mark = ok ? "ok" : bad ? "bad" : "wait";
  const what = d.kind === "apology" ? "Refund and apology" : "Goods and receipt";
  return (
    <div className="step">
      <div className={`mark ${mark}`}>{ok ? <CheckCircle2 size={14} /> : bad ? <XCircle size={14} /> : <Clock size={14} />}</div>
      <div>
        <div className="title">
          {what} · {ok ? "sent" : bad ? "failed" : d.state === "sending" ? "sending" : "waiting"}
        </div>
        <div className="muted small">
          {dateTime(d.created_at)}
          {d.sent_at ? ` → sent ${ago(d.sent_at)}` : ""} · {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
        </div>
        {d.last_error && <div className="small" style={{ color: "var(--red)" }}>{d.last_error}</div>}
      </div>
    </div>
  );
}

function OrderDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const nav = useNav();
  const q = useQuery({ queryKey: ["order", id], queryFn: () => orderDetail(id) });
  const again = useMutation({
    mutationFn: () => deliverAgain(id),
    onSuccess: () => {
      toast.show("success", `Order #${id} delivered again`, "The customer has the goods in the chat once more.");
      void qc.invalidateQueries({ queryKey: ["order", id] });
      void qc.invalidateQueries({ queryKey: ["attention"] });
    },
    onError: (e) => {
      toast.show("error", "Not delivered", errorMessage(e));
      void qc.invalidateQueries({ queryKey: ["order", id] });
    },
  });
  const d = q.data;
  return (
    <Drawer
      label={`Order ${id}`}
      onClose={onClose}
      title={
        <>
          <h2>Order #{id}</h2>
          {d && <OrderStatus status={d.order.status} />}
          {d?.order.recovered && <span className="badge blue">Recovered from Telegram's ledger</span>}
        </>
      }
      footer={
        d && (
          <>
            <button className="btn" onClick={() => nav.go({ page: "orders", search: String(d.order.customer_id) })}>
              Customer's orders
            </button>
            <button
              className="btn primary"
              disabled={again.isPending || d.order.status === "refunded"}
              title={d.order.status === "refunded" ? "A refunded order has no goods to send" : "Send the goods to the customer once more"}
              onClick={() => again.mutate()}
              data-test="deliver-again"
            >
              {again.isPending ? <Spinner /> : <Send size={15} />} Deliver again
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
                <div className="k">Product</div>
                <div className="v">{d.order.product_title}</div>
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
                    <DeliveryStep key={x.id} d={x} />
                  ))}
                </div>
              )}
            </section>
          </>
        )
      )}
    </Drawer>
  );
}

const SORT_KEYS: OrderSort[] = ["date", "number", "amount", "status"];

const orderId = (r: OrderRow) => String(r.id);

export function OrdersPage() {
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
  const debounced = useDebounced(search, 250);

  useEffect(() => {
    if (nav.current.page !== "orders") return;
    if (nav.current.search !== undefined) setSearch(nav.current.search);
    if (nav.current.orderId !== undefined) setOpen(nav.current.orderId);
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

  const count = useQuery({ queryKey: ["orders-count", key], queryFn: () => ordersCount(query), placeholderData: (p) => p });
  const pages = useMemo(() => orderPages(query), [query]);

  const clear = () => {
    setSearch("");
    setStatus("");
    setProduct("");
    setFrom("");
    setTo("");
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Orders</h1>
          <p>Every payment becomes one order. New ones appear here as they are paid.</p>
        </div>
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            name="order-search"
            placeholder="Customer, #order or charge id"
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
        <input className="input" type="date" aria-label="Paid from" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        <span className="muted">to</span>
        <input className="input" type="date" aria-label="Paid until" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        {filtered && (
          <button className="btn ghost" onClick={clear}>
            <X size={14} /> Clear
          </button>
        )}
        <span className="grow" />
        {count.isFetching && <RotateCw size={14} className="muted pulse" aria-label="Updating" />}
      </div>
      {count.isError ? (
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
          onOpen={(r) => setOpen(r.id)}
          fresh={live.freshOrders}
          selectedId={open === null ? null : String(open)}
          empty={
            filtered ? (
              <EmptyState icon={<Search size={24} />} title="No orders match" action={<button className="btn" onClick={clear}>Clear the filters</button>}>
                Search looks at customer names, @usernames, order numbers (#123), Telegram ids and charge ids.
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
      {open !== null && <OrderDrawer id={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
