// What every chart shares: Chart.js's parts registered once, colours read from the window's CSS
// variables (so light and dark both read), and a hook that redraws when the appearance changes.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useMemo, useState } from "react";

ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Filler, Legend);

export function cssVar(name: string, fallback: string): string {
  if (typeof window === "undefined") return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A `#rrggbb` colour at `alpha` opacity, as a canvas takes it (`rgba(…)`); others as they are. */
export function fade(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!m) return color;
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The colours of the current appearance. */
export function chartColors() {
  return {
    gold: cssVar("--gold", "#f59e0b"),
    accent: cssVar("--accent", "#4f46e5"),
    green: cssVar("--green", "#16a34a"),
    red: cssVar("--red", "#dc2626"),
    blue: cssVar("--blue", "#2563eb"),
    grid: cssVar("--border", "#e4e7ef"),
    text: cssVar("--text-3", "#7b8298"),
    faint: cssVar("--text-3", "#7b8298"),
  };
}

/** Follows the system's light or dark appearance as it changes. */
export function useDark(): boolean {
  const query = useMemo(
    () => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null),
    [],
  );
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener("change", on);
    return () => query.removeEventListener("change", on);
  }, [query]);
  return dark;
}
