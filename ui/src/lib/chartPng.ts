// A chart saved as the PNG the window draws, where the merchant chooses (the system's save
// dialog, opened on the Downloads folder as `stardesk-<what>-<day>.png`).

import type { Chart } from "chart.js";
import { exportPng } from "../api/commands";

/** Saves `chart` as a PNG; resolves to where it went, or null when the dialog was closed. */
export function exportChartPng(chart: Chart, what: string): Promise<string | null> {
  return exportPng(what, chart.toBase64Image("image/png", 1));
}
