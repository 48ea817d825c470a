// One chart of the Reports page: bars and lines over a set of labels (days, weeks, months, items),
// in the window's colours for light and dark, tooltips with the exact figure, and the Chart.js
// instance handed out for a PNG export.

import type { Chart as ChartJS, ChartData, ChartOptions } from "chart.js";
import { type RefObject, useMemo } from "react";
import { Chart } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { locale, num } from "../../lib/format";
import { chartColors, fade, useDark } from "./theme";

/** The drawn chart, for a PNG of it. */
export type ChartHandle = ChartJS<"bar" | "line", number[], string>;

export type ChartColor = "gold" | "accent" | "green" | "red" | "blue";

export interface Series {
  label: string;
  data: number[];
  kind: "bar" | "line";
  color: ChartColor;
  /** A bar series' colour bar by bar (an item's kind), instead of `color` for all. */
  colors?: ChartColor[];
  /** Drawn light and dashed: the period before, beside this one. */
  faint?: boolean;
  /** The right-hand axis (a count beside Stars). */
  right?: boolean;
  /** How a value reads in the tooltip ("1,234 Stars"); numbers alone by default. */
  format?: (v: number) => string;
}

export function ReportChart({
  labels,
  titles,
  series,
  horizontal = false,
  leftTitle,
  rightTitle,
  label,
  chartRef,
  height = 260,
}: {
  labels: string[];
  /** The tooltip's title for each label (a week's first and last day), the label by default. */
  titles?: string[];
  series: Series[];
  horizontal?: boolean;
  leftTitle?: string;
  rightTitle?: string;
  /** What the chart shows, for screen readers. */
  label: string;
  chartRef?: RefObject<ChartHandle | undefined | null>;
  height?: number;
}) {
  const dark = useDark();
  // Numbers on the axes and in the tooltips follow the window's language.
  const { i18n } = useTranslation();
  const { data, options } = useMemo(() => {
    const colors = chartColors();
    const data: ChartData<"bar" | "line", number[], string> = {
      labels,
      datasets: series.map((s, i) => {
        const color = colors[s.color];
        const soft = fade(color, 0.45);
        return s.kind === "bar"
          ? {
              type: "bar" as const,
              label: s.label,
              data: s.data,
              backgroundColor: s.colors
                ? s.colors.map((c) => (s.faint ? fade(colors[c], 0.45) : colors[c]))
                : s.faint
                  ? soft
                  : color,
              borderRadius: 3,
              maxBarThickness: horizontal ? 16 : 22,
              yAxisID: horizontal ? undefined : s.right ? "right" : "left",
              xAxisID: horizontal ? (s.right ? "right" : "left") : undefined,
              order: 2 + i,
            }
          : {
              type: "line" as const,
              label: s.label,
              data: s.data,
              borderColor: s.faint ? soft : color,
              backgroundColor: s.faint ? soft : color,
              borderWidth: 2,
              borderDash: s.faint ? [5, 4] : undefined,
              pointRadius: labels.length > 40 ? 0 : 2,
              pointHoverRadius: 4,
              tension: 0.3,
              cubicInterpolationMode: "monotone" as const,
              yAxisID: s.right ? "right" : "left",
              order: 1,
            };
      }),
    };
    const valueAxis = (position: "left" | "right" | "top" | "bottom", title: string | undefined, grid: boolean) => ({
      position,
      beginAtZero: true,
      grace: "8%",
      grid: grid ? { color: colors.grid } : { display: false },
      ticks: { color: colors.text, precision: 0 },
      border: { display: false },
      title: { display: title !== undefined, text: title ?? "", color: colors.text },
    });
    const hasRight = series.some((s) => s.right);
    const categoryAxis = {
      offset: true,
      grid: { display: false },
      ticks: { color: colors.text, maxRotation: 0, autoSkipPadding: 16 },
      border: { color: colors.grid },
    };
    const options: ChartOptions<"bar" | "line"> = {
      responsive: true,
      maintainAspectRatio: false,
      locale: locale(),
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      interaction: { mode: "index", intersect: false },
      layout: { padding: { top: 4, right: 12, left: 4 } },
      plugins: {
        legend: {
          display: series.length > 1,
          position: "top",
          align: "end",
          labels: { color: colors.text, boxWidth: 12, boxHeight: 12, usePointStyle: true, padding: 14 },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items.length > 0 ? (titles?.[items[0].dataIndex] ?? labels[items[0].dataIndex]) : ""),
            label: (ctx) => {
              const s = series[ctx.datasetIndex];
              const v = Number(ctx.raw);
              return ` ${s.label}: ${s.format ? s.format(v) : num(v)}`;
            },
          },
        },
      },
      scales: horizontal
        ? {
            y: { ...categoryAxis, ticks: { ...categoryAxis.ticks, autoSkip: false } },
            left: { ...valueAxis("bottom", leftTitle, true), axis: "x" },
            ...(hasRight ? { right: { ...valueAxis("top", rightTitle, false), axis: "x" } } : {}),
          }
        : {
            x: categoryAxis,
            left: valueAxis("left", leftTitle, true),
            ...(hasRight ? { right: valueAxis("right", rightTitle, false) } : {}),
          },
    } as ChartOptions<"bar" | "line">;
    return { data, options };
    // `dark` is read through the CSS variables above, the language through `locale()`.
  }, [labels, titles, series, horizontal, leftTitle, rightTitle, dark, i18n.language]);

  return (
    <div className="chart-box" style={{ height }}>
      <Chart ref={chartRef} type="bar" data={data} options={options} aria-label={label} role="img" />
    </div>
  );
}
