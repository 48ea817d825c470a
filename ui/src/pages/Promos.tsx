// Promo codes: every code with its terms and what it did, searched and filtered here (the store
// gives the latest 2,000 whole); new codes one at a time or in bulk; a row opens its drawer.

import { useQueryClient } from "@tanstack/react-query";
import { Layers, Plus, RotateCw, Search, TicketPercent, X } from "lucide-react";
import { type MouseEvent, useMemo, useState } from "react";
import type { Promo } from "../bindings/Promo";
import { errorMessage } from "../api/invoke";
import { exportPromos, promos } from "../api/promos";
import { ExportButton } from "../components/ExportButton";
import { StarText } from "../components/StarText";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { EmptyState, ErrorState, Stars, Switch } from "../components/ui";
import { plural } from "../lib/format";
import { discountWords, promoState, usesWords, validityWords } from "../lib/promoRules";
import { localPages, usePromos } from "../queries";
import { GenerateDialog } from "./promos/Generate";
import { PromoDrawer, useAppliesTo, useSetActive } from "./promos/PromoDrawer";
import { PromoForm } from "./promos/PromoForm";
import { useDebounced } from "../lib/debounce";

type Show = "" | "active" | "inactive";

type SortKey = "newest" | "code" | "uses" | "revenue" | "discount";

const VALUE: Record<Exclude<SortKey, "code">, (p: Promo) => number> = {
  newest: (p) => p.id,
  uses: (p) => p.uses,
  revenue: (p) => p.revenue,
  discount: (p) => p.discount_given,
};

/** The codes matching the search and filter, in the table's order. */
export function promoView(rows: Promo[], search: string, show: Show, sort: Sort): Promo[] {
  const s = search.trim().toLowerCase();
  const found = rows.filter(
    (p) =>
      (show === "" || p.active === (show === "active")) &&
      (!s || p.code.toLowerCase().includes(s) || (p.batch ?? "").toLowerCase().includes(s)),
  );
  const key = sort.key as SortKey;
  const sorted = [...found].sort(
    key === "code" ? (a, b) => a.code.localeCompare(b.code) : (a, b) => VALUE[key](a) - VALUE[key](b) || a.id - b.id,
  );
  return sort.descending ? sorted.reverse() : sorted;
}

function ActiveCell({ p }: { p: Promo }) {
  const toggle = useSetActive();
  // The switch works in its row without opening the drawer.
  const stop = (e: MouseEvent) => e.stopPropagation();
  return (
    <span className="row" onClick={stop} style={{ gap: 6 }}>
      <Switch
        checked={p.active}
        disabled={toggle.isPending}
        label={p.active ? `Deactivate ${p.code}` : `Activate ${p.code}`}
        onChange={(active) => toggle.mutate({ id: p.id, active })}
      />
    </span>
  );
}

export function PromosPage() {
  const qc = useQueryClient();
  const list = usePromos();
  const appliesTo = useAppliesTo();
  const [search, setSearch] = useState("");
  const [show, setShow] = useState<Show>("");
  const [sort, setSort] = useState<Sort>({ key: "newest", descending: true });
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [generating, setGenerating] = useState(false);
  const debounced = useDebounced(search, 150);
  // Whether a code has expired is judged when the list was read.
  const now = useMemo(() => Date.now() / 1000, [list.dataUpdatedAt]);

  const columns = useMemo<Column<Promo>[]>(
    () => [
      {
        id: "code",
        header: "Code",
        cell: ({ row }) => {
          const p = row.original;
          const state = promoState(p, now);
          return (
            <span className="ellipsis">
              <span className="mono" style={{ fontWeight: 600 }}>
                {p.code}
              </span>
              {state.label !== "Active" && state.label !== "Inactive" && <span className={`badge ${state.tone} inline-badge`}>{state.label}</span>}
            </span>
          );
        },
        meta: { width: "minmax(140px, 1.3fr)", sort: "code" },
      },
      {
        id: "discount",
        header: "Discount",
        cell: ({ row }) => (
          <span>
            <StarText text={discountWords(row.original)} />
          </span>
        ),
        meta: { width: "96px" },
      },
      {
        id: "applies",
        header: "Applies to",
        cell: ({ row }) => (
          <span className="ellipsis" title={appliesTo(row.original)}>
            {appliesTo(row.original)}
          </span>
        ),
        meta: { width: "minmax(110px, 1fr)" },
      },
      {
        id: "valid",
        header: "Valid",
        cell: ({ row }) => (
          <span className="ellipsis tabular" title={validityWords(row.original, true)}>
            {validityWords(row.original)}
          </span>
        ),
        meta: { width: "minmax(120px, 1fr)" },
      },
      {
        id: "uses",
        header: "Uses",
        cell: ({ row }) => (
          <span className="tabular" title={row.original.per_customer === null ? "No limit per customer" : `${plural(row.original.per_customer, "use")} per customer`}>
            {usesWords(row.original)}
          </span>
        ),
        meta: { width: "104px", align: "right", sort: "uses" },
      },
      {
        id: "revenue",
        header: "Revenue",
        cell: ({ row }) => <Stars n={row.original.revenue} />,
        meta: { width: "92px", align: "right", sort: "revenue" },
      },
      {
        id: "given",
        header: "Discount given",
        cell: ({ row }) => <Stars n={row.original.discount_given} />,
        meta: { width: "166px", align: "right", sort: "discount" },
      },
      {
        id: "active",
        header: "Active",
        cell: ({ row }) => <ActiveCell p={row.original} />,
        meta: { width: "70px" },
      },
    ],
    // `appliesTo` changes when the products and plans arrive.
    [appliesTo, now],
  );

  const pages = useMemo(
    () =>
      localPages<Promo>(
        ["promos", "rows", debounced, show, sort],
        () => qc.fetchQuery({ queryKey: ["promos"], queryFn: promos, staleTime: 1000 }),
        (rows) => promoView(rows, debounced, show, sort),
      ),
    [qc, debounced, show, sort],
  );
  const rows = list.data ?? [];
  const total = list.data ? promoView(rows, debounced, show, sort).length : undefined;
  const filtered = debounced.trim() !== "" || show !== "";
  const opened = open === null ? undefined : rows.find((p) => p.id === open);
  const clear = () => {
    setSearch("");
    setShow("");
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Promo codes</h1>
          <p>A percentage or a number of Stars off. Customers type /promo CODE in the bot, or open the code's link.</p>
        </div>
        <div className="row">
          <ExportButton run={() => exportPromos(null)} row="code" disabled={rows.length === 0} test="promos-export" />
          <button className="btn" onClick={() => setGenerating(true)} data-test="promo-generate">
            <Layers size={15} /> Generate in bulk
          </button>
          <button className="btn primary" onClick={() => setCreating(true)} data-test="promo-new">
            <Plus size={16} /> New code
          </button>
        </div>
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            name="promo-search"
            placeholder="Code or batch"
            aria-label="Search promo codes"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-test="promo-search"
          />
        </div>
        <select className="select" aria-label="Show" value={show} onChange={(e) => setShow(e.target.value as Show)} data-test="promo-show">
          <option value="">Active and inactive</option>
          <option value="active">Active</option>
          <option value="inactive">Inactive</option>
        </select>
        {filtered && (
          <button className="btn ghost" onClick={clear}>
            <X size={14} /> Clear
          </button>
        )}
        <span className="grow" />
        {list.isFetching && <RotateCw size={14} className="muted pulse" aria-label="Updating" />}
        {total !== undefined && (
          <span className="muted small" data-test="promos-count">
            {plural(total, "code")}
            {rows.length > 0 && ` · ${plural(rows.reduce((s, p) => s + p.uses, 0), "use")} in all`}
          </span>
        )}
      </div>
      {list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => list.refetch()} />
      ) : (
        <VirtualTable<Promo>
          label="Promo codes"
          columns={columns}
          pages={pages}
          total={total}
          rowId={(p) => String(p.id)}
          scrollKey={`${debounced}|${show}|${sort.key}|${sort.descending}`}
          sort={sort}
          onSort={setSort}
          onOpen={(p) => setOpen(p.id)}
          selectedId={open === null ? null : String(open)}
          empty={
            filtered ? (
              <EmptyState icon={<Search size={24} />} title="No code matches" action={<button className="btn" onClick={clear}>Clear the filters</button>}>
                Search looks at codes and bulk batch names.
              </EmptyState>
            ) : (
              <EmptyState
                icon={<TicketPercent size={24} />}
                title="No promo codes yet"
                action={
                  <div className="row">
                    <button className="btn" onClick={() => setGenerating(true)}>
                      <Layers size={15} /> Generate in bulk
                    </button>
                    <button className="btn primary" onClick={() => setCreating(true)}>
                      <Plus size={16} /> Create a code
                    </button>
                  </div>
                }
              >
                A code takes a percentage or a number of Stars off everything or chosen products and plans, within dates and limits
                you set. Customers type /promo CODE in the bot or open the code's link; the invoice shows the lower price.
              </EmptyState>
            )
          }
        />
      )}
      {opened && <PromoDrawer promo={opened} onClose={() => setOpen(null)} />}
      {creating && <PromoForm onClose={() => setCreating(false)} onCreated={setOpen} />}
      {generating && <GenerateDialog onClose={() => setGenerating(false)} />}
    </div>
  );
}
