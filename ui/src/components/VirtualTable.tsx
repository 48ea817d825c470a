// A long server-side list: TanStack Table for columns and cells, TanStack Virtual for rows,
// TanStack Query for the pages of rows under them (see `RowPages`). Sorting happens in SQL; the
// table only asks for it. Keyboard: ↑ ↓ Page Up/Down Home End move, Enter opens, Space selects
// (where the list has a selection).

import { type UseQueryResult, hashKey, useQueries, useQueryClient } from "@tanstack/react-query";
import {
  type ColumnDef,
  type SortingState,
  flexRender,
  getCoreRowModel,
  useReactTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import { toAppError } from "../api/invoke";
import type { RowPages } from "../queries";

export interface ColumnMeta {
  /** A CSS grid track: `120px`, `minmax(180px, 2fr)`. */
  width: string;
  align?: "right";
  /** The server-side sort this column asks for when its header is clicked. */
  sort?: string;
  /**
   * A column the list can do without: hidden while the table is narrower than this many pixels
   * (a small window), so that the columns that matter fit without a sideways scroll.
   */
  hideBelow?: number;
}

export type Column<T> = ColumnDef<T, unknown> & { meta: ColumnMeta };

export interface Sort {
  key: string;
  descending: boolean;
}

interface Props<T> {
  label: string;
  columns: Column<T>[];
  pages: RowPages<T>;
  total: number | undefined;
  rowId: (row: T) => string;
  sort: Sort;
  onSort: (sort: Sort) => void;
  onOpen?: (row: T) => void;
  /** Space on the active row: select it, or with Shift the rows from the last one selected. */
  onToggle?: (row: T, range: boolean) => void;
  empty: ReactNode;
  fresh?: ReadonlySet<string>;
  selectedId?: string | null;
  rowHeight?: number;
  footer?: ReactNode;
  /** When this changes (other filters, another sort) the list starts again from the top. */
  scrollKey?: string;
}

function loaded<T>(results: UseQueryResult<T[]>[]) {
  return { pages: results.map((r) => r.data), error: results.find((r) => r.error)?.error ?? null };
}

/**
 * The rows from `first` to `last`: one query per page under them and none for any other page, so a
 * million rows cost a page or two. Pages scrolled away stay cached until the list is invalidated.
 */
function useRows<T>(source: RowPages<T>, first: number, last: number, enabled: boolean) {
  const qc = useQueryClient();
  const size = source.size;
  const firstPage = Math.floor(first / size);
  const lastPage = Math.max(firstPage, Math.floor(last / size));
  const { pages, error } = useQueries({
    queries: (enabled ? Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i) : []).map((n) => ({
      queryKey: [...source.key, n],
      queryFn: () => source.fetch(n * size, size),
    })),
    // A stable function: the result changes only when a page does.
    combine: loaded<T>,
  });
  const key = hashKey(source.key);
  const rowAt = useCallback(
    (index: number): T | undefined => {
      const n = Math.floor(index / size);
      // Enter can open the active row after the wheel scrolled it away: its page is still cached.
      const page =
        enabled && n >= firstPage && n <= lastPage ? pages[n - firstPage] : qc.getQueryData<T[]>([...source.key, n]);
      return page?.[index % size];
    },
    // `key` stands for `source.key`, a new array on every render.
    [pages, firstPage, lastPage, enabled, size, key, qc],
  );
  return { rowAt, error: error && toAppError(error) };
}

/** The element's width in pixels, kept up to date (Infinity where it cannot be measured). */
function useWidth(el: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(Number.POSITIVE_INFINITY);
  useLayoutEffect(() => {
    const node = el.current;
    if (!node || typeof ResizeObserver === "undefined") return;
    const measure = () => setWidth(node.clientWidth || Number.POSITIVE_INFINITY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, [el]);
  return width;
}

export function VirtualTable<T>({
  label,
  columns: allColumns,
  pages,
  total,
  rowId,
  sort,
  onSort,
  onOpen,
  onToggle,
  empty,
  fresh,
  selectedId,
  rowHeight = 46,
  footer,
  scrollKey,
}: Props<T>) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap);
  const columns = useMemo(
    () => allColumns.filter((c) => c.meta.hideBelow === undefined || width >= c.meta.hideBelow),
    [allColumns, width],
  );
  const [active, setActive] = useState(0);
  const count = total ?? 0;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  const rows = useRows(pages, first, last, count > 0);

  useEffect(() => {
    setActive(0);
    virtualizer.scrollToOffset(0);
    // Only a new key starts over; the virtualizer itself is stable.
  }, [scrollKey]);

  // The table sees only the rows on screen: a million orders never become a million row models.
  const visible = useMemo(() => {
    const seen = new Set<string>();
    const out: T[] = [];
    for (const item of items) {
      const r = rows.rowAt(item.index);
      if (r !== undefined) {
        const id = rowId(r);
        if (!seen.has(id)) {
          seen.add(id);
          out.push(r);
        }
      }
    }
    return out;
  }, [items, rows.rowAt, rowId]);

  const sorting: SortingState = useMemo(() => {
    const col = columns.find((c) => c.meta.sort === sort.key);
    return col?.id ? [{ id: col.id, desc: sort.descending }] : [];
  }, [columns, sort]);

  const table = useReactTable({
    data: visible,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => rowId(r),
    manualSorting: true,
    state: { sorting },
  });
  const byId = table.getRowModel().rowsById;

  const template = columns.map((c) => c.meta.width).join(" ");

  const move = (to: number) => {
    if (count === 0) return;
    const i = Math.max(0, Math.min(count - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: "auto" });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // A control inside a row (a checkbox) keeps its own keys.
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / rowHeight) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => {
        const r = rows.rowAt(active);
        if (r !== undefined) onOpen?.(r);
      },
    };
    if (onToggle) {
      keys[" "] = () => {
        const r = rows.rowAt(active);
        if (r !== undefined) onToggle(r, e.shiftKey);
      };
    }
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const headerClick = (meta: ColumnMeta) => {
    if (!meta.sort) return;
    onSort(
      meta.sort === sort.key
        ? { key: meta.sort, descending: !sort.descending }
        : { key: meta.sort, descending: meta.sort !== "name" },
    );
  };

  return (
    <div className="table-wrap" ref={wrap}>
      <div className="table-head" style={{ gridTemplateColumns: template }} role="row">
        {table.getHeaderGroups()[0].headers.map((h) => {
          const meta = (h.column.columnDef as Column<T>).meta;
          const sorted = meta.sort === sort.key;
          const align = meta.align === "right" ? "right" : "";
          return meta.sort ? (
            <button
              key={h.id}
              type="button"
              className={`th sortable ${align}`}
              role="columnheader"
              aria-sort={sorted ? (sort.descending ? "descending" : "ascending") : "none"}
              onClick={() => headerClick(meta)}
            >
              {flexRender(h.column.columnDef.header, h.getContext())}
              {sorted ? (
                sort.descending ? (
                  <ArrowDown size={13} />
                ) : (
                  <ArrowUp size={13} />
                )
              ) : (
                <ChevronsUpDown size={12} opacity={0.5} />
              )}
            </button>
          ) : (
            <div key={h.id} className={`th ${align}`} role="columnheader">
              {flexRender(h.column.columnDef.header, h.getContext())}
            </div>
          );
        })}
      </div>
      {total === 0 ? (
        <div className="table-body">{empty}</div>
      ) : (
        <div
          className="table-body"
          ref={scroller}
          tabIndex={0}
          role="grid"
          aria-label={label}
          aria-rowcount={count}
          onKeyDown={onKeyDown}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const r = rows.rowAt(item.index);
              const row = r !== undefined ? byId[rowId(r)] : undefined;
              const id = r !== undefined ? rowId(r) : undefined;
              const classes = ["tr", id && fresh?.has(id) ? "fresh" : ""].join(" ");
              return (
                <div
                  key={item.key}
                  className={classes}
                  role="row"
                  aria-rowindex={item.index + 1}
                  aria-selected={id !== undefined && id === selectedId}
                  data-active={item.index === active}
                  data-row-id={id}
                  style={{ height: item.size, transform: `translateY(${item.start}px)`, gridTemplateColumns: template }}
                  onClick={() => {
                    setActive(item.index);
                    if (r !== undefined) onOpen?.(r);
                  }}
                >
                  {row
                    ? row.getVisibleCells().map((cell) => (
                        <div
                          key={cell.id}
                          role="gridcell"
                          className={`td ${(cell.column.columnDef as Column<T>).meta.align === "right" ? "right" : ""}`}
                        >
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </div>
                      ))
                    : columns.map((_, i) => (
                        <div key={i} className="td" role="gridcell">
                          <span className="skeleton" style={{ width: `${40 + ((item.index * 7 + i * 13) % 45)}%` }} />
                        </div>
                      ))}
                </div>
              );
            })}
          </div>
        </div>
      )}
      <div className="table-foot">
        <span>
          {total === undefined ? t("table.counting") : t("count.row", { count: total })}
          {rows.error && <span className="badge red">{rows.error.message}</span>}
        </span>
        {footer ?? <span>{t("table.keys")}</span>}
      </div>
    </div>
  );
}
