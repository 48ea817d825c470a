// Referrers: every customer who brought someone or earned something, with what they brought and
// what they are owed; searched and sorted here (the store gives them whole), a row opens the
// referrer's drawer.

import { useQueryClient } from "@tanstack/react-query";
import { Gift, RotateCw, Search, X } from "lucide-react";
import { useMemo, useState } from "react";
import type { ReferralSettings } from "../../bindings/ReferralSettings";
import type { Referrer } from "../../bindings/Referrer";
import { errorMessage } from "../../api/invoke";
import { exportReferrers, referrers } from "../../api/referrals";
import { ExportButton } from "../../components/ExportButton";
import { type Column, type Sort, VirtualTable } from "../../components/VirtualTable";
import { EmptyState, ErrorState, Person, Stars } from "../../components/ui";
import { num, plural } from "../../lib/format";
import { dueStars } from "../../lib/referralRules";
import { localPages, useReferralSettings, useReferrers } from "../../queries";
import { Commission } from "./Commission";
import { ReferrerDrawer } from "./ReferrerDrawer";
import { useDebounced } from "../../lib/debounce";
import { fold } from "../../lib/fold";

type SortKey = "name" | "invited" | "buyers" | "revenue" | "earned" | "pending" | "available" | "paid" | "credit";

const number = (k: Exclude<SortKey, "name">) => (r: Referrer) => r[k];

const columns: Column<Referrer>[] = [
  {
    id: "name",
    header: "Referrer",
    cell: ({ row }) => <Person id={row.original.customer_id} name={row.original.name} username={row.original.username} />,
    meta: { width: "minmax(170px, 1.6fr)", sort: "name" },
  },
  {
    id: "invited",
    header: "Invited",
    cell: ({ row }) => <span className="tabular">{num(row.original.invited)}</span>,
    meta: { width: "92px", align: "right", sort: "invited" },
  },
  {
    id: "buyers",
    header: "Buyers",
    cell: ({ row }) => <span className="tabular">{num(row.original.buyers)}</span>,
    meta: { width: "88px", align: "right", sort: "buyers" },
  },
  {
    id: "revenue",
    header: "Brought",
    cell: ({ row }) => (
      <span title="Stars the people they brought paid, refunds left out">
        <Stars n={row.original.revenue} />
      </span>
    ),
    meta: { width: "minmax(98px, 0.8fr)", align: "right", sort: "revenue" },
  },
  {
    id: "earned",
    header: "Earned",
    cell: ({ row }) => <Commission m={row.original.earned} />,
    meta: { width: "minmax(92px, 0.8fr)", align: "right", sort: "earned" },
  },
  {
    id: "pending",
    header: "On hold",
    cell: ({ row }) => <Commission m={row.original.pending} />,
    meta: { width: "minmax(98px, 0.8fr)", align: "right", sort: "pending" },
  },
  {
    id: "available",
    header: "Available",
    cell: ({ row }) => <Commission m={row.original.available} />,
    meta: { width: "minmax(106px, 0.8fr)", align: "right", sort: "available" },
  },
  {
    id: "paid",
    header: "Paid out",
    cell: ({ row }) => <Stars n={row.original.paid} />,
    meta: { width: "minmax(100px, 0.8fr)", align: "right", sort: "paid" },
  },
  {
    id: "credit",
    header: () => <span title="Store credit paid out and not spent yet">Credit</span>,
    cell: ({ row }) => (
      <span title="Store credit paid out and not spent yet">
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
  const t = terms ?? { percent: 10, months: 12, hold_days: 21 };
  return (
    <ol className="how-to" data-test="referrals-how">
      <li>
        Every customer has a personal link: they get it by sending <span className="mono">/referrals</span> to your bot.
      </li>
      <li>Someone new who opens the bot through it becomes theirs (the first link wins; existing customers never count).</li>
      <li>
        {t.percent === 0
          ? "Commissions are off: set a percentage under Settings to start paying referrers."
          : `Each payment of the people they bring earns them ${t.percent}% for ${plural(t.months, "month")}.`}{" "}
        A commission waits {plural(t.hold_days, "day")} in case of a refund, then it can be paid out.
      </li>
      <li>You pay them as store credit, taken off their next purchases in the bot, or outside Stardesk (a gift, a transfer).</li>
    </ol>
  );
}

export function ReferrersPanel() {
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
          <div className="label">Referrers</div>
          <div className="value tabular">{num(rows.length)}</div>
          <div className="hint">{plural(rows.reduce((s, r) => s + r.invited, 0), "person", "people")} brought</div>
        </div>
        <div className="sub-figure">
          <div className="label">They brought</div>
          <div className="value">
            <Stars n={rows.reduce((s, r) => s + r.revenue, 0)} size={17} />
          </div>
          <div className="hint">paid by {plural(rows.reduce((s, r) => s + r.buyers, 0), "buyer")}, refunds left out</div>
        </div>
        <div className="sub-figure">
          <div className="label">Commission earned</div>
          <div className="value">
            <Commission m={rows.reduce((s, r) => s + r.earned, 0)} size={17} />
          </div>
          <div className="hint">
            <Commission m={rows.reduce((s, r) => s + r.pending, 0)} size={11} /> still on hold
          </div>
        </div>
        <div className="sub-figure">
          <div className="label">Due to pay out</div>
          <div className="value">
            <Stars n={due} size={17} />
          </div>
          <div className="hint">
            <Stars n={rows.reduce((s, r) => s + r.paid, 0)} size={11} /> paid out so far
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
            placeholder="Name or @username"
            aria-label="Search referrers"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-test="referrer-search"
          />
        </div>
        {filtered && (
          <button className="btn ghost" onClick={() => setSearch("")}>
            <X size={14} /> Clear
          </button>
        )}
        <span className="grow" />
        {list.isFetching && <RotateCw size={14} className="muted pulse" aria-label="Updating" />}
        {total !== undefined && (
          <span className="muted small" data-test="referrer-count">
            {plural(total, "referrer")}
          </span>
        )}
        <ExportButton run={exportReferrers} row="referrer" disabled={rows.length === 0} test="referrers-export" />
      </div>
      {list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => list.refetch()} />
      ) : (
        <VirtualTable<Referrer>
          label="Referrers"
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
              <EmptyState icon={<Search size={24} />} title="No referrer matches" action={<button className="btn" onClick={() => setSearch("")}>Clear the search</button>}>
                Search looks at names and @usernames.
              </EmptyState>
            ) : (
              <EmptyState icon={<Gift size={24} />} title="No referrers yet" action={<HowReferralsWork terms={terms.data} />}>
                Customers who bring someone new to your bot appear here with what they brought and what you owe them.
              </EmptyState>
            )
          }
        />
      )}
      {open !== null && <ReferrerDrawer customerId={open} onClose={() => setOpen(null)} />}
    </>
  );
}
