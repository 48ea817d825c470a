// Subscribers: every subscription, searchable and filtered, scrolled virtually; a row opens its
// drawer with the payments and what can be done about it.

import { useQuery } from "@tanstack/react-query";
import { RotateCw, Search, Users, X } from "lucide-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SubStatus } from "../../bindings/SubStatus";
import type { Subscriber } from "../../bindings/Subscriber";
import type { SubscriberQuery } from "../../bindings/SubscriberQuery";
import type { SubscriberSort } from "../../bindings/SubscriberSort";
import { subscribersExport } from "../../api/commands";
import { errorMessage } from "../../api/invoke";
import { ExportButton } from "../../components/ExportButton";
import { subscribersCount } from "../../api/subscriptions";
import { type Column, VirtualTable } from "../../components/VirtualTable";
import { EmptyState, ErrorState, Person, SUB_STATUS, Stars, SubscriptionStatus } from "../../components/ui";
import { date, num } from "../../lib/format";
import { subscriberPages, usePlans } from "../../queries";
import { SubscriberDrawer } from "./SubscriberDrawer";
import { useDebounced } from "../../lib/debounce";

const SORTS: SubscriberSort[] = ["newest", "paid_until", "stars_paid"];

const subscriberColumns = (t: TFunction<"subscriptions">): Column<Subscriber>[] => [
  {
    id: "customer",
    header: t("subscribers.columns.customer"),
    cell: ({ row }) => <Person id={row.original.customer_id} name={row.original.customer_name} username={row.original.username} />,
    meta: { width: "minmax(170px, 1.5fr)" },
  },
  {
    id: "plan",
    header: t("subscribers.columns.plan"),
    cell: ({ row }) => <span className="ellipsis">{row.original.plan_title}</span>,
    meta: { width: "minmax(120px, 1.1fr)" },
  },
  {
    id: "status",
    header: t("subscribers.columns.status"),
    cell: ({ row }) => <SubscriptionStatus status={row.original.status} />,
    meta: { width: "112px" },
  },
  {
    id: "since",
    header: t("subscribers.columns.since"),
    cell: ({ row }) => <span className="tabular">{date(row.original.started_at)}</span>,
    meta: { width: "116px", sort: "newest" },
  },
  {
    id: "paid",
    header: t("subscribers.columns.paidUntil"),
    cell: ({ row }) => <span className="tabular">{date(row.original.paid_until)}</span>,
    meta: { width: "116px", sort: "paid_until" },
  },
  {
    id: "access",
    header: t("subscribers.columns.accessUntil"),
    cell: ({ row }) =>
      row.original.access_until !== row.original.paid_until ? (
        <span className="tabular" title={t("subscribers.accessOther")}>
          {date(row.original.access_until)}
        </span>
      ) : (
        <span className="muted small">{t("subscribers.same")}</span>
      ),
    meta: { width: "116px" },
  },
  {
    id: "renewals",
    header: t("subscribers.columns.renewals"),
    cell: ({ row }) => <span className="tabular">{num(row.original.renewals)}</span>,
    meta: { width: "86px", align: "right" },
  },
  {
    id: "stars",
    header: t("subscribers.columns.starsPaid"),
    cell: ({ row }) => <Stars n={row.original.stars_paid} />,
    meta: { width: "104px", align: "right", sort: "stars_paid" },
  },
];

const subscriberId = (s: Subscriber) => String(s.id);

export function SubscribersPanel() {
  const { t } = useTranslation(["subscriptions", "common"]);
  const columns = useMemo(() => subscriberColumns(t), [t]);
  const plans = usePlans();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<SubStatus | "">("");
  const [plan, setPlan] = useState("");
  const [sort, setSort] = useState<SubscriberSort>("newest");
  const [open, setOpen] = useState<number | null>(null);
  const debounced = useDebounced(search, 250);

  const query: SubscriberQuery = useMemo(
    () => ({
      search: debounced.trim(),
      status: status || null,
      plan_id: plan ? Number(plan) : null,
      sort,
      offset: 0,
      limit: 100,
    }),
    [debounced, status, plan, sort],
  );
  const key = JSON.stringify(query);
  const filtered = Boolean(query.search || query.status || query.plan_id);
  const count = useQuery({ queryKey: ["subscribers-count", key], queryFn: () => subscribersCount(query), placeholderData: (p) => p });
  const pages = useMemo(() => subscriberPages(query), [query]);

  const clear = () => {
    setSearch("");
    setStatus("");
    setPlan("");
  };

  return (
    <>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            name="subscriber-search"
            placeholder={t("subscribers.searchPlaceholder")}
            aria-label={t("subscribers.searchLabel")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-test="subscriber-search"
          />
        </div>
        <select
          className="select"
          aria-label={t("subscribers.statusLabel")}
          value={status}
          onChange={(e) => setStatus(e.target.value as SubStatus | "")}
          data-test="subscriber-status"
        >
          <option value="">{t("subscribers.anyStatus")}</option>
          {(Object.keys(SUB_STATUS) as SubStatus[]).map((s) => (
            <option key={s} value={s}>
              {SUB_STATUS[s].label}
            </option>
          ))}
        </select>
        <select className="select" aria-label={t("subscribers.planLabel")} value={plan} onChange={(e) => setPlan(e.target.value)} data-test="subscriber-plan">
          <option value="">{t("subscribers.anyPlan")}</option>
          {(plans.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
              {p.active ? "" : t("subscribers.archived")}
            </option>
          ))}
        </select>
        <select
          className="select"
          aria-label={t("subscribers.sortLabel")}
          value={sort}
          onChange={(e) => setSort(e.target.value as SubscriberSort)}
          data-test="subscriber-sort"
        >
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`subscribers.sort.${s}`)}
            </option>
          ))}
        </select>
        {filtered && (
          <button className="btn ghost" onClick={clear}>
            <X size={14} /> {t("subscribers.clear")}
          </button>
        )}
        <ExportButton
          run={(job) => subscribersExport(query, job)}
          row="subscriber"
          className="btn sm"
          disabled={count.data === 0}
          test="subscribers-export"
          title={t("subscribers.exportTitle")}
        />
        <span className="grow" />
        {count.isFetching && <RotateCw size={14} className="muted pulse" aria-label={t("subscribers.updating")} />}
        {count.data !== undefined && (
          <span className="muted small" data-test="subscriber-count">
            {t("subscribers.count", { count: count.data })}
          </span>
        )}
      </div>
      {count.isError ? (
        <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
      ) : (
        <VirtualTable<Subscriber>
          label={t("subscribers.tableLabel")}
          columns={columns}
          pages={pages}
          total={count.data}
          rowId={subscriberId}
          scrollKey={key}
          // The store sorts each key one way: newest and Stars paid down, paid until up.
          sort={{ key: sort, descending: sort !== "paid_until" }}
          onSort={(s) => setSort(s.key as SubscriberSort)}
          onOpen={(r) => setOpen(r.id)}
          selectedId={open === null ? null : String(open)}
          empty={
            filtered ? (
              <EmptyState
                icon={<Search size={24} />}
                title={t("subscribers.noMatch")}
                action={
                  <button className="btn" onClick={clear}>
                    {t("common:actions.clearFilters")}
                  </button>
                }
              >
                {t("subscribers.noMatchBody")}
              </EmptyState>
            ) : (
              <EmptyState icon={<Users size={24} />} title={t("subscribers.emptyTitle")}>
                {t("subscribers.emptyBody")}
              </EmptyState>
            )
          }
        />
      )}
      {open !== null && <SubscriberDrawer id={open} onClose={() => setOpen(null)} />}
    </>
  );
}
