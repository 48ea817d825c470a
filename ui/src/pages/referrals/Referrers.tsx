// Referrers: every customer who brought someone or earned something, with what they brought and
// what they are owed; searched and sorted here (the store gives them whole), a row opens the
// referrer's drawer.

import { useQueryClient } from "@tanstack/react-query";
import { Gift, RotateCw, Search, X } from "lucide-react";
import type { TFunction } from "i18next";
import { useMemo, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { ReferralSettings } from "../../bindings/ReferralSettings";
import type { Referrer } from "../../bindings/Referrer";
import { errorMessage } from "../../api/invoke";
import { exportReferrers, referrers } from "../../api/referrals";
import { ExportButton } from "../../components/ExportButton";
import { type Column, type Sort, VirtualTable } from "../../components/VirtualTable";
import { EmptyState, ErrorState, Person, Stars } from "../../components/ui";
import { num } from "../../lib/format";
import { dueStars } from "../../lib/referralRules";
import { localPages, useReferralSettings, useReferrers } from "../../queries";
import { Commission } from "./Commission";
import { ReferrerDrawer } from "./ReferrerDrawer";
import { useDebounced } from "../../lib/debounce";
import { fold } from "../../lib/fold";

type SortKey = "name" | "invited" | "buyers" | "revenue" | "earned" | "pending" | "available" | "paid" | "credit";

const number = (k: Exclude<SortKey, "name">) => (r: Referrer) => r[k];

const referrerColumns = (t: TFunction<"referrals">): Column<Referrer>[] => [
  {
    id: "name",
    header: t("referrers.columns.name"),
    cell: ({ row }) => <Person id={row.original.customer_id} name={row.original.name} username={row.original.username} />,
    meta: { width: "minmax(170px, 1.6fr)", sort: "name" },
  },
  {
    id: "invited",
    header: t("referrers.columns.invited"),
    cell: ({ row }) => <span className="tabular">{num(row.original.invited)}</span>,
    meta: { width: "92px", align: "right", sort: "invited" },
  },
  {
    id: "buyers",
    header: t("referrers.columns.buyers"),
    cell: ({ row }) => <span className="tabular">{num(row.original.buyers)}</span>,
    meta: { width: "88px", align: "right", sort: "buyers" },
  },
  {
    id: "revenue",
    header: t("referrers.columns.revenue"),
    cell: ({ row }) => (
      <span title={t("referrers.revenueTitle")}>
        <Stars n={row.original.revenue} />
      </span>
    ),
    meta: { width: "minmax(98px, 0.8fr)", align: "right", sort: "revenue" },
  },
  {
    id: "earned",
    header: t("referrers.columns.earned"),
    cell: ({ row }) => <Commission m={row.original.earned} />,
    meta: { width: "minmax(92px, 0.8fr)", align: "right", sort: "earned" },
  },
  {
    id: "pending",
    header: t("referrers.columns.pending"),
    cell: ({ row }) => <Commission m={row.original.pending} />,
    meta: { width: "minmax(98px, 0.8fr)", align: "right", sort: "pending" },
  },
  {
    id: "available",
    header: t("referrers.columns.available"),
    cell: ({ row }) => <Commission m={row.original.available} />,
    meta: { width: "minmax(106px, 0.8fr)", align: "right", sort: "available" },
  },
  {
    id: "paid",
    header: t("referrers.columns.paid"),
    cell: ({ row }) => <Stars n={row.original.paid} />,
    meta: { width: "minmax(100px, 0.8fr)", align: "right", sort: "paid" },
  },
  {
    id: "credit",
    header: () => <span title={t("referrers.creditTitle")}>{t("referrers.columns.credit")}</span>,
    cell: ({ row }) => (
      <span title={t("referrers.creditTitle")}>
        <Stars n={row.original.credit} />
      </span>
    ),
    meta: { width: "minmax(96px, 0.8fr)", align: "right", sort: "credit" },
  },
];

/** The referrers matching `search`, in the table's order (ties by name). */
export function referrerView(rows: Referrer[], search: string, sort: Sort): Referrer[] {
  const s = fold(search.trim().replace(/^@/, ""));
  const found = s
    ? rows.filter((r) => fold(r.name).includes(s) || fold(r.username ?? "").includes(s))
    : rows;
  const byName = (a: Referrer, b: Referrer) => a.name.localeCompare(b.name) || a.customer_id - b.customer_id;
  const key = sort.key as SortKey;
  const compare =
    key === "name"
      ? byName
      : (a: Referrer, b: Referrer) => number(key)(a) - number(key)(b) || (sort.descending ? byName(b, a) : byName(a, b));
  const sorted = [...found].sort(compare);
  return sort.descending ? sorted.reverse() : sorted;
}

/** How the program works, for a shop whose customers have brought nobody yet. */
export function HowReferralsWork({ terms }: { terms: ReferralSettings | undefined }) {
  const { t } = useTranslation("referrals");
  const x = terms ?? { percent: 10, months: 12, hold_days: 21 };
  return (
    <ol className="how-to" data-test="referrals-how">
      <li>
        <Trans t={t} i18nKey="referrers.how.link" components={{ mono: <span className="mono" /> }} />
      </li>
      <li>{t("referrers.how.first")}</li>
      <li>
        {x.percent === 0
          ? t("referrers.how.off")
          : t("referrers.how.earn", { percent: x.percent, months: t("count.months", { count: x.months }) })}{" "}
        {t("referrers.how.hold", { days: t("count.days", { count: x.hold_days }) })}
      </li>
      <li>{t("referrers.how.pay")}</li>
    </ol>
  );
}

export function ReferrersPanel() {
  const { t } = useTranslation("referrals");
  const columns = useMemo(() => referrerColumns(t), [t]);
  const qc = useQueryClient();
  const list = useReferrers();
  const terms = useReferralSettings();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "earned", descending: true });
  const [open, setOpen] = useState<number | null>(null);
  const debounced = useDebounced(search, 150);

  const pages = useMemo(
    () =>
      localPages<Referrer>(
        ["referrers", "rows", debounced, sort],
        () => qc.fetchQuery({ queryKey: ["referrers"], queryFn: referrers, staleTime: 1000 }),
        (rows) => referrerView(rows, debounced, sort),
      ),
    [qc, debounced, sort],
  );
  const rows = list.data ?? [];
  const total = list.data ? referrerView(rows, debounced, sort).length : undefined;
  const filtered = debounced.trim() !== "";
  const due = rows.reduce((sum, r) => sum + dueStars(r.available), 0);

  return (
    <>
      <div className="sub-figures card referral-figures" data-test="referral-figures">
        <div className="sub-figure">
          <div className="label">{t("referrers.figures.referrers")}</div>
          <div className="value tabular">{num(rows.length)}</div>
          <div className="hint">
            {t("referrers.figures.broughtHint", { people: t("count.people", { count: rows.reduce((s, r) => s + r.invited, 0) }) })}
          </div>
        </div>
        <div className="sub-figure">
          <div className="label">{t("referrers.figures.theyBrought")}</div>
          <div className="value">
            <Stars n={rows.reduce((s, r) => s + r.revenue, 0)} size={17} />
          </div>
          <div className="hint">
            {t("referrers.figures.paidBy", { buyers: t("count.buyers", { count: rows.reduce((s, r) => s + r.buyers, 0) }) })}
          </div>
        </div>
        <div className="sub-figure">
          <div className="label">{t("referrers.figures.earned")}</div>
          <div className="value">
            <Commission m={rows.reduce((s, r) => s + r.earned, 0)} size={17} />
          </div>
          <div className="hint">
            <Trans
              t={t}
              i18nKey="referrers.figures.stillOnHold"
              components={{ commission: <Commission m={rows.reduce((s, r) => s + r.pending, 0)} size={11} /> }}
            />
          </div>
        </div>
        <div className="sub-figure">
          <div className="label">{t("referrers.figures.due")}</div>
          <div className="value">
            <Stars n={due} size={17} />
          </div>
          <div className="hint">
            <Trans
              t={t}
              i18nKey="referrers.figures.paidSoFar"
              components={{ stars: <Stars n={rows.reduce((s, r) => s + r.paid, 0)} size={11} /> }}
            />
          </div>
        </div>
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            name="referrer-search"
            placeholder={t("referrers.searchPlaceholder")}
            aria-label={t("referrers.searchLabel")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-test="referrer-search"
          />
        </div>
        {filtered && (
          <button className="btn ghost" onClick={() => setSearch("")}>
            <X size={14} /> {t("referrers.clear")}
          </button>
        )}
        <span className="grow" />
        {list.isFetching && <RotateCw size={14} className="muted pulse" aria-label={t("referrers.updating")} />}
        {total !== undefined && (
          <span className="muted small" data-test="referrer-count">
            {t("count.referrers", { count: total })}
          </span>
        )}
        <ExportButton run={exportReferrers} row="referrer" disabled={rows.length === 0} test="referrers-export" />
      </div>
      {list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => list.refetch()} />
      ) : (
        <VirtualTable<Referrer>
          label={t("referrers.tableLabel")}
          columns={columns}
          pages={pages}
          total={total}
          rowId={(r) => String(r.customer_id)}
          scrollKey={`${debounced}|${sort.key}|${sort.descending}`}
          sort={sort}
          onSort={setSort}
          onOpen={(r) => setOpen(r.customer_id)}
          selectedId={open === null ? null : String(open)}
          empty={
            filtered ? (
              <EmptyState
                icon={<Search size={24} />}
                title={t("referrers.noMatch")}
                action={
                  <button className="btn" onClick={() => setSearch("")}>
                    {t("referrers.clearSearch")}
                  </button>
                }
              >
                {t("referrers.noMatchBody")}
              </EmptyState>
            ) : (
              <EmptyState icon={<Gift size={24} />} title={t("referrers.emptyTitle")} action={<HowReferralsWork terms={terms.data} />}>
                {t("referrers.emptyBody")}
              </EmptyState>
            )
          }
        />
      )}
      {open !== null && <ReferrerDrawer customerId={open} onClose={() => setOpen(null)} />}
    </>
  );
}
