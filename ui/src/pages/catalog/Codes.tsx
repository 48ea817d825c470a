// A code product's pool: every code with its state (in stock, held, sold to order #N, revoked,
// removed), searched, unsold ones removed (with Undo) and all exported. Paged from the store, so
// a pool of 100,000 codes scrolls like ten.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Search, Trash2, Undo2, Upload } from "lucide-react";
import i18next from "i18next";
import { type MouseEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CodeCounts } from "../../bindings/CodeCounts";
import type { CodeRemoval } from "../../bindings/CodeRemoval";
import type { CodeRow } from "../../bindings/CodeRow";
import type { CodeState } from "../../bindings/CodeState";
import type { Product } from "../../bindings/Product";
import { codeCounts, exportCodes, listCodes, removeCodes, restoreCodes } from "../../api/catalog";
import { errorMessage } from "../../api/invoke";
import { ExportButton } from "../../components/ExportButton";
import { useToast } from "../../components/Toasts";
import { type Column, VirtualTable } from "../../components/VirtualTable";
import { Drawer, EmptyState, ErrorState, Segmented, Spinner } from "../../components/ui";
import { dateTimeShort, num } from "../../lib/format";
import { useNav } from "../../nav";
import type { RowPages } from "../../queries";
import { useDebounced } from "../../lib/debounce";

type Shown = "all" | CodeState;

/** The states the list can be narrowed to; their names are `codes.states.<state>`. */
const STATES: Shown[] = ["all", "in_stock", "held", "sold", "revoked", "removed"];

const PAGE = 200;

/** How a code's state reads in the list. */
export function stateText(r: Pick<CodeRow, "state" | "order_id">): { text: string; tone: string } {
  switch (r.state) {
    case "in_stock":
      return { text: i18next.t("catalog:codes.badge.in_stock"), tone: "green" };
    case "held":
      return { text: i18next.t("catalog:codes.heldPaying"), tone: "amber" };
    case "sold":
      return {
        text: r.order_id != null ? i18next.t("catalog:codes.soldOrder", { id: r.order_id }) : i18next.t("catalog:codes.badge.sold"),
        tone: "blue",
      };
    case "revoked":
      return {
        text: r.order_id != null ? i18next.t("catalog:codes.revokedOrder", { id: r.order_id }) : i18next.t("catalog:codes.badge.revoked"),
        tone: "red",
      };
    case "removed":
      return { text: i18next.t("catalog:codes.badge.removed"), tone: "" };
  }
}

export function countOf(c: CodeCounts | undefined, shown: Shown): number | undefined {
  if (!c) return undefined;
  if (shown === "all") return c.in_stock + c.held + c.sold + c.revoked + c.removed;
  return c[shown];
}

export function CodesDrawer({ product, onClose, onImport }: { product: Product; onClose: () => void; onImport: () => void }) {
  const { t } = useTranslation(["catalog", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const nav = useNav();
  const [text, setText] = useState("");
  const search = useDebounced(text.trim(), 200);
  const [shown, setShown] = useState<Shown>("all");
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  // The latest removal, undone from the drawer itself: the drawer is a modal dialog, and
  // nothing outside it (a toast included) can be clicked while it is open.
  const [removal, setRemoval] = useState<CodeRemoval | null>(null);
  const state = shown === "all" ? null : shown;

  const counts = useQuery({
    queryKey: ["codes", product.id, "counts", search],
    queryFn: () => codeCounts(product.id, search),
  });
  const pages = useMemo<RowPages<CodeRow>>(
    () => ({
      key: ["codes", product.id, "page", search, state],
      size: PAGE,
      fetch: (offset, limit) => listCodes({ product_id: product.id, search, state, offset, limit }),
    }),
    [product.id, search, state],
  );

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["codes", product.id] });
    void qc.invalidateQueries({ queryKey: ["products"] });
    void qc.invalidateQueries({ queryKey: ["overview"] });
  };

  const restore = useMutation({
    mutationFn: (removalId: number) => restoreCodes(product.id, removalId),
    onSuccess: (n) => {
      setRemoval(null);
      toast.show("success", t("codes.putBack", { count: n }), t("codes.putBackDetail"));
      refresh();
    },
    onError: (e) => toast.show("error", t("codes.notPutBack"), errorMessage(e)),
  });

  const remove = useMutation({
    mutationFn: () => removeCodes(product.id, [...selected]),
    onSuccess: (r) => {
      setSelected(new Set());
      refresh();
      if (r.removed > 0) setRemoval(r);
      toast.show(
        "success",
        t("codes.removedToast", { count: r.removed }),
        r.skipped > 0 ? t("codes.skipped", { count: r.skipped }) : t("codes.removedDetail"),
      );
    },
    onError: (e) => toast.show("error", t("codes.notRemoved"), errorMessage(e)),
  });

  const toggle = (r: CodeRow) => {
    if (r.state !== "in_stock") return;
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(r.id)) next.delete(r.id);
      else next.add(r.id);
      return next;
    });
  };

  const columns = useMemo<Column<CodeRow>[]>(
    () => [
      {
        id: "select",
        header: () => <span className="sr-only">{t("codes.select")}</span>,
        cell: ({ row }) => {
          const r = row.original;
          const click = (e: MouseEvent<HTMLLabelElement>) => {
            e.stopPropagation();
            if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
            toggle(r);
          };
          return (
            <label className="check-cell" onClick={click} title={r.state === "in_stock" ? undefined : t("codes.onlyInStock")}>
              <input
                type="checkbox"
                className="row-check"
                aria-label={t("codes.selectCode", { code: r.code })}
                checked={selected.has(r.id)}
                disabled={r.state !== "in_stock"}
                onChange={() => {}}
              />
            </label>
          );
        },
        meta: { width: "40px" },
      },
      {
        id: "code",
        header: t("codes.code"),
        cell: ({ row }) => (
          <span className="mono ellipsis" data-test="code-value">
            {row.original.code}
          </span>
        ),
        meta: { width: "minmax(140px, 1.4fr)" },
      },
      {
        id: "state",
        header: t("codes.state"),
        cell: ({ row }) => {
          const r = row.original;
          const s = stateText(r);
          const order = r.order_id;
          return order != null ? (
            <button
              type="button"
              className={`badge ${s.tone} link`}
              data-test="code-state"
              title={t("codes.openOrder")}
              onClick={(e) => {
                e.stopPropagation();
                nav.go({ page: "orders", search: String(order), orderId: order });
              }}
            >
              {s.text}
            </button>
          ) : (
            <span className={`badge ${s.tone}`} data-test="code-state">
              {s.text}
            </span>
          );
        },
        meta: { width: "minmax(150px, 1.2fr)" },
      },
      {
        id: "added",
        header: t("codes.added"),
        cell: ({ row }) => <span className="muted small">{dateTimeShort(row.original.created_at)}</span>,
        meta: { width: "96px" },
      },
    ],
    // `toggle` reads `selected` through its setter; the cells need the set itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [selected, nav, t],
  );

  const c = counts.data;
  const total = countOf(c, shown);
  return (
    <Drawer
      label={t("card.codesAria", { title: product.title })}
      test="codes-drawer"
      onClose={onClose}
      title={
        <>
          <KeyRound size={18} />
          <h2 className="ellipsis">{t("codes.title", { title: product.title })}</h2>
        </>
      }
      footer={
        <>
          <button className="btn danger" disabled={selected.size === 0 || remove.isPending} onClick={() => remove.mutate()} data-test="codes-remove">
            {remove.isPending ? <Spinner /> : <Trash2 size={15} />} {selected.size > 0 ? t("codes.removeCount", { count: selected.size }) : t("codes.removeSelected")}
          </button>
          <span className="grow" />
          <ExportButton run={() => exportCodes(product.id)} row="code" test="codes-export" />
          <button className="btn primary" onClick={onImport} data-test="codes-import">
            <Upload size={15} /> {t("card.importCodes")}
          </button>
        </>
      }
    >
      {removal && (
        <div className="banner codes-undo" role="status" data-test="codes-undo" style={{ marginBottom: 0 }}>
          <div className="grow">
            {t("codes.undoBanner", { count: removal.removed })}
          </div>
          <button className="btn sm" onClick={() => restore.mutate(removal.removal_id)} disabled={restore.isPending} data-test="codes-undo-button">
            {restore.isPending ? <Spinner /> : <Undo2 size={14} />} {t("common:actions.undo")}
          </button>
        </div>
      )}
      <div className="codes-summary muted small" data-test="codes-summary">
        {c ? (
          <>
            {t("codes.summary", { inStock: num(c.in_stock), held: num(c.held), sold: num(c.sold), revoked: num(c.revoked), removed: num(c.removed) })}
            {search && ` ${t("codes.matching")}`}
          </>
        ) : (
          " "
        )}
      </div>
      <div className="input-icon">
        <Search size={15} />
        <input
          className="input"
          placeholder={t("codes.find")}
          aria-label={t("codes.find")}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-test="codes-search"
          data-autofocus
        />
      </div>
      <Segmented<Shown>
        label={t("codes.state")}
        value={shown}
        onChange={(v) => {
          setShown(v);
          setSelected(new Set());
        }}
        options={STATES.map((s) => {
          const n = countOf(c, s);
          const label = t(`codes.states.${s}`);
          return { value: s, label: n === undefined || s === "all" ? label : `${label} ${num(n)}` };
        })}
      />
      {counts.isError ? (
        <ErrorState message={errorMessage(counts.error)} onRetry={() => counts.refetch()} />
      ) : (
        <div className="codes-table">
          <VirtualTable<CodeRow>
            label={t("codes.table")}
            columns={columns}
            pages={pages}
            total={total}
            rowId={(r) => String(r.id)}
            scrollKey={`${search}|${shown}`}
            sort={{ key: "id", descending: false }}
            onSort={() => {}}
            onToggle={(r) => toggle(r)}
            rowHeight={40}
            footer={<span>{t("codes.footer")}</span>}
            empty={
              search || shown !== "all" ? (
                <EmptyState icon={<Search size={24} />} title={t("codes.noMatch")}>
                  {t("codes.noMatchBody")}
                </EmptyState>
              ) : (
                <EmptyState icon={<KeyRound size={24} />} title={t("codes.none")}>
                  {t("codes.noneBody")}
                </EmptyState>
              )
            }
          />
        </div>
      )}
    </Drawer>
  );
}
