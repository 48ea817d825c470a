// The Reports page's range: presets counted back from the shop's today (the core's, in the shop's
// time zone), or two days chosen by hand; a range that ends before it starts is caught here and
// never asked for.

import i18next from "i18next";
import type { Grouping } from "../../bindings/Grouping";
import { addDays, dayText } from "../../lib/format";

export type Preset = "7" | "30" | "90" | "month" | "last-month" | "year" | "custom";

/** The presets in the order the range bar offers them (their names: `reports:range.presets.*`). */
export const PRESETS: Preset[] = ["7", "30", "90", "month", "last-month", "year", "custom"];

/** The groupings the range bar offers (their names: `reports:range.groupings.*`). */
export const GROUPINGS: Grouping[] = ["day", "week", "month"];

export interface Range {
  /** `YYYY-MM-DD`, both ends included. */
  from: string;
  to: string;
}

/** The days a preset covers, `today` being the shop's today (`YYYY-MM-DD`). */
export function presetRange(preset: Exclude<Preset, "custom">, today: string): Range {
  switch (preset) {
    case "7":
    case "30":
    case "90":
      return { from: addDays(today, -(Number(preset) - 1)), to: today };
    case "month":
      return { from: `${today.slice(0, 8)}01`, to: today };
    case "last-month": {
      const firstOfThis = `${today.slice(0, 8)}01`;
      const last = addDays(firstOfThis, -1);
      return { from: `${last.slice(0, 8)}01`, to: last };
    }
    case "year":
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a range chosen by hand cannot be asked for, or null when it can. */
export function rangeProblem(r: Range): string | null {
  if (!DAY.test(r.from) || !DAY.test(r.to)) return i18next.t("reports:range.problem.missing");
  if (r.to < r.from) return i18next.t("reports:range.problem.reversed", { to: dayText(r.to), from: dayText(r.from) });
  return null;
}

/** How many days a range spans, both ends included. */
export function rangeDays(r: Range): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** "1 Nov 2026 – 21 Nov 2026", or one day alone. */
export function rangeText(r: Range): string {
  return r.from === r.to ? dayText(r.from) : `${dayText(r.from)} – ${dayText(r.to)}`;
}
