// What the Orders page's filters say in words: the empty list names the filters that emptied it,
// and a date range that ends before it starts is caught before any query.

import i18next from "i18next";
import { date, localDayStart } from "../../lib/format";

export interface OrderFilters {
  search: string;
  /** The status's label in the window's language ("Refunded"), or "" for any. */
  status: string;
  /** The product's title, or "" for any. */
  product: string;
  /** `YYYY-MM-DD` from the date inputs, or "". */
  from: string;
  to: string;
}

/** A complete `YYYY-MM-DD`, or "" for a field left empty or half typed. */
export const dayOrEmpty = (day: string) => (localDayStart(day) === null ? "" : day);

/** Why the range selects no day at all, or null when it is fine. */
export function rangeProblem(from: string, to: string): string | null {
  const a = localDayStart(from);
  const b = localDayStart(to);
  if (a === null || b === null || b >= a) return null;
  return i18next.t("orders:filters.rangeProblem", { end: date(b), start: date(a) });
}

/** The filters in use, in words: `search “ann”, status Refunded, from 1 Nov 2026`. */
export function describeFilters(f: OrderFilters): string {
  const parts: string[] = [];
  const search = f.search.trim();
  if (search) parts.push(i18next.t("orders:filters.search", { search }));
  if (f.status) parts.push(i18next.t("orders:filters.status", { status: f.status }));
  if (f.product) parts.push(i18next.t("orders:filters.product", { product: f.product }));
  const from = localDayStart(f.from);
  const to = localDayStart(f.to);
  if (from !== null) parts.push(i18next.t("orders:filters.from", { day: date(from) }));
  if (to !== null) parts.push(i18next.t("orders:filters.until", { day: date(to) }));
  return parts.join(i18next.t("orders:filters.separator"));
}
