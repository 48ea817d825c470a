// Rows of a long list fetched page by page from the Rust side as they scroll into view, never
// all at once. A new `resetKey` (other filters or sort) drops every page; a new `refreshKey`
// (a live event) refetches the visible pages while the old rows stay on screen.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type AppError, toAppError } from "../api/invoke";

export interface PagedRows<T> {
  getRow(index: number): T | undefined;
  ensureRange(start: number, end: number): void;
  error: AppError | null;
  /** Changes whenever a page arrives. */
  version: number;
}

export function usePagedRows<T>(opts: {
  resetKey: string;
  refreshKey: number;
  pageSize?: number;
  fetchPage: (offset: number, limit: number) => Promise<T[]>;
}): PagedRows<T> {
  const pageSize = opts.pageSize ?? 100;
  const pages = useRef(new Map<number, T[]>());
  const stale = useRef(new Set<number>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const refreshes = useRef(0);
  const visible = useRef<[number, number]>([0, pageSize - 1]);
  const fetchPage = useRef(opts.fetchPage);
  fetchPage.current = opts.fetchPage;
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<AppError | null>(null);

  const load = useCallback(
    (page: number) => {
      const gen = generation.current;
      const refresh = refreshes.current;
      inflight.current.add(page);
      fetchPage
        .current(page * pageSize, pageSize)
        .then((rows) => {
          if (gen !== generation.current) return;
          inflight.current.delete(page);
          pages.current.set(page, rows);
          if (refresh === refreshes.current) stale.current.delete(page);
          setError(null);
          setVersion((v) => v + 1);
          // A refresh came while this page was on its way: fetch it once more.
          if (refresh !== refreshes.current) ensure(...visible.current);
        })
        .catch((e) => {
          if (gen !== generation.current) return;
          inflight.current.delete(page);
          setError(toAppError(e));
        });
    },
    [pageSize],
  );

  const ensure = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end];
      const first = Math.max(0, Math.floor(start / pageSize));
      const last = Math.max(first, Math.floor(end / pageSize));
      for (let p = first; p <= last; p++) {
        if ((!pages.current.has(p) || stale.current.has(p)) && !inflight.current.has(p)) load(p);
      }
    },
    [load, pageSize],
  );

  const firstReset = useRef(true);
  useEffect(() => {
    if (firstReset.current) {
      firstReset.current = false;
      return;
    }
    generation.current++;
    pages.current.clear();
    stale.current.clear();
    inflight.current.clear();
    setError(null);
    setVersion((v) => v + 1);
    ensure(...visible.current);
  }, [opts.resetKey, ensure]);

  const firstRefresh = useRef(true);
  useEffect(() => {
    if (firstRefresh.current) {
      firstRefresh.current = false;
      return;
    }
    refreshes.current++;
    for (const p of pages.current.keys()) stale.current.add(p);
    ensure(...visible.current);
  }, [opts.refreshKey, ensure]);

  const getRow = useCallback(
    (index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize],
    // The version makes a new function when pages arrive, so memoised users re-render.
    [pageSize, version],
  );

  return useMemo(() => ({ getRow, ensureRange: ensure, error, version }), [getRow, ensure, error, version]);
}
