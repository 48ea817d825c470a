// A chart saved as the PNG the window draws, where the merchant chooses (the system's save
// dialog, opened on the Downloads folder as `stardesk-<what>-<day>.png`).

import type { Chart } from "chart.js";
import { exportPng } from "../api/commands";

/** The chart's pixels on the page's own background: a canvas is transparent, and a PNG viewer's
 *  dark or checkered backdrop would show through the axes and labels. */
function onBackground(chart: Chart): string {
  const src = chart.canvas;
  const out = document.createElement("canvas");
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext("2d");
  if (!ctx) return chart.toBase64Image("image/png", 1);
  const bg = getComputedStyle(src.closest(".card") ?? document.body).backgroundColor;
  ctx.fillStyle = bg && bg !== "rgba(0, 0, 0, 0)" ? bg : "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  return out.toDataURL("image/png");
}

/** Saves `chart` as a PNG; resolves to where it went, or null when the dialog was closed. */
export function exportChartPng(chart: Chart, what: string): Promise<string | null> {
  return exportPng(what, onBackground(chart));
}
