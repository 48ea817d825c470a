// Promo codes: every code with its terms and what it did, searched and filtered here (the store
// gives the latest 2,000 whole); new codes one at a time or in bulk; a row opens its drawer.

import { useQueryClient } from "@tanstack/react-query";
import { Layers, Plus, RotateCw, Search, TicketPercent, X } from "lucide-react";
import { type MouseEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Promo } from "../bindings/Promo";
import { errorMessage } from "../api/invoke";
import { exportPromos, promos } from "../api/promos";
import { ExportButton } from "../components/ExportButton";
import { StarText } from "../components/StarText";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { EmptyState, ErrorState, Stars, Switch } from "../components/ui";
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
  const { t } = useTranslation("promos");
  const toggle = useSetActive();
  // The switch works in its row without opening the drawer.
  const stop = (e: MouseEvent) => e.stopPropagation();
  return (
    <span className="row" onClick={stop} style={{ gap: 6 }}>
      <Switch
        checked={p.active}
        disabled={toggle.isPending}
        label={p.active ? t("page.deactivateCode", { code: p.code }) : t("page.activateCode", { code: p.code })}
        onChange={(active) => toggle.mutate({ id: p.id, active })}
      />
    </span>
  );
}

export function PromosPage() {
  const { t } = useTranslation(["promos", "common"]);
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
        header: t("columns.code"),
        cell: ({ row }) => {
          const p = row.original;
          const state = promoState(p, now);
          return (
            <span className="ellipsis">
              <span className="mono" style={{ fontWeight: 600 }}>
                {p.code}
              </span>
              {state.state !== "active" && state.state !== "inactive" && <span className={`badge ${state.tone} inline-badge`}>{state.label}</span>}
            </span>
          );
        },
        meta: { width: "minmax(140px, 1.3fr)", sort: "code" },
      },
      {
        id: "discount",
        header: t("columns.discount"),
        cell: ({ row }) => (
          <span>
            <StarText text={discountWords(row.original)} />
          </span>
        ),
        meta: { width: "96px" },
      },
      {
        id: "applies",
        header: t("columns.appliesTo"),
        cell: ({ row }) => (
          <span className="ellipsis" title={appliesTo(row.original)}>
            {appliesTo(row.original)}
          </span>
        ),
        meta: { width: "minmax(110px, 1fr)" },
      },
      {
        id: "valid",
        header: t("columns.valid"),
        cell: ({ row }) => (
          <span className="ellipsis tabular" title={validityWords(row.original, true)}>
            {validityWords(row.original)}
          </span>
        ),
        meta: { width: "minmax(120px, 1fr)" },
      },
      {
        id: "uses",
        header: t("columns.uses"),
        cell: ({ row }) => (
          <span
            className="tabular"
            title={row.original.per_customer === null ? t("columns.noLimitPerCustomer") : t("columns.usesPerCustomer", { count: row.original.per_customer })}
          >
            {usesWords(row.original)}
          </span>
        ),
        meta: { width: "104px", align: "right", sort: "uses" },
      },
      {
        id: "revenue",
        header: t("columns.revenue"),
        cell: ({ row }) => <Stars n={row.original.revenue} />,
        meta: { width: "92px", align: "right", sort: "revenue" },
      },
      {
        id: "given",
        header: t("columns.discountGiven"),
        cell: ({ row }) => <Stars n={row.original.discount_given} />,
        meta: { width: "166px", align: "right", sort: "discount" },
      },
      {
        id: "active",
        header: t("columns.active"),
        cell: ({ row }) => <ActiveCell p={row.original} />,
        meta: { width: "70px" },
      },
    ],
    // `appliesTo` changes when the products and plans arrive.
    [appliesTo, now, t],
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
          <h1>{t("common:pages.promos")}</h1>
          <p>{t("page.intro")}</p>
        </div>
        <div className="row">
          <ExportButton run={() => exportPromos(null)} row="code" disabled={rows.length === 0} test="promos-export" />
          <button className="btn" onClick={() => setGenerating(true)} data-test="promo-generate">
            <Layers size={15} /> {t("page.generate")}
          </button>
          <button className="btn primary" onClick={() => setCreating(true)} data-test="promo-new">
            <Plus size={16} /> {t("page.newCode")}
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
            placeholder={t("page.searchPlaceholder")}
            aria-label={t("page.search")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-test="promo-search"
          />
        </div>
        <select className="select" aria-label={t("page.show")} value={show} onChange={(e) => setShow(e.target.value as Show)} data-test="promo-show">
          <option value="">{t("page.showAll")}</option>
          <option value="active">{t("states.active")}</option>
          <option value="inactive">{t("states.inactive")}</option>
        </select>
        {filtered && (
          <button className="btn ghost" onClick={clear}>
            <X size={14} /> {t("page.clear")}
          </button>
        )}
        <span className="grow" />
        {list.isFetching && <RotateCw size={14} className="muted pulse" aria-label={t("page.updating")} />}
        {total !== undefined && (
          <span className="muted small" data-test="promos-count">
            {t("page.codes", { count: total })}
            {rows.length > 0 && ` · ${t("page.usesInAll", { count: rows.reduce((s, p) => s + p.uses, 0) })}`}
          </span>
        )}
      </div>
      {list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => list.refetch()} />
      ) : (
        <VirtualTable<Promo>
          label={t("page.table")}
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
              <EmptyState
                icon={<Search size={24} />}
                title={t("page.noMatch")}
                action={
                  <button className="btn" onClick={clear}>
                    {t("common:actions.clearFilters")}
                  </button>
                }
              >
                {t("page.noMatchBody")}
              </EmptyState>
            ) : (
              <EmptyState
                icon={<TicketPercent size={24} />}
                title={t("page.none")}
                action={
                  <div className="row">
                    <button className="btn" onClick={() => setGenerating(true)}>
                      <Layers size={15} /> {t("page.generate")}
                    </button>
                    <button className="btn primary" onClick={() => setCreating(true)}>
                      <Plus size={16} /> {t("page.createCode")}
                    </button>
                  </div>
                }
              >
                {t("page.noneBody")}
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
