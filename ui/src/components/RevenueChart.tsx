// Revenue by day: Stars as bars, orders as a line, from the shop's days (its time zone's, as the
// core counts them). Each axis is named after what it counts, a legend says which is which, and
// the last day (today) keeps a margin from the edge.

import type { ChartData, ChartOptions } from "chart.js";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Chart } from "react-chartjs-2";
import type { DayRevenue } from "../bindings/DayRevenue";
import { dayLabel, locale, num } from "../lib/format";
import { chartColors, useDark } from "./charts/theme";

export function RevenueChart({ days }: { days: DayRevenue[] }) {
  const { t, i18n } = useTranslation();
  const dark = useDark();
  // The axes' names, also the legend's.
  const starsAxis = t("revenueChart.stars");
  const ordersAxis = t("revenueChart.orders");
  const { data, options } = useMemo(() => {
    const { gold, accent, grid, text } = chartColors();
    const data: ChartData<"bar" | "line", number[], string> = {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: [
        {
          type: "bar",
          label: starsAxis,
          data: days.map((d) => d.stars - d.refunded_stars),
          backgroundColor: gold,
          borderRadius: 3,
          maxBarThickness: 18,
          yAxisID: "stars",
          order: 2,
        },
        {
          type: "line",
          label: ordersAxis,
          data: days.map((d) => d.orders),
          borderColor: accent,
          backgroundColor: accent,
          borderWidth: 2,
          pointRadius: 0,
          pointHoverRadius: 4,
          tension: 0.3,
          // No overshoot past the day's value, over the top of the chart.
          cubicInterpolationMode: "monotone",
          yAxisID: "orders",
          order: 1,
        },
      ],
    };
    const options: ChartOptions<"bar" | "line"> = {
      responsive: true,
      maintainAspectRatio: false,
      locale: locale(),
      animation: false,
      interaction: { mode: "index", intersect: false },
      // Room on the right, so that today's bar stands clear of the edge and the orders axis.
      layout: { padding: { top: 4, right: 12, left: 4 } },
      plugins: {
        legend: {
          display: true,
          position: "top",
          align: "end",
          labels: { color: text, boxWidth: 12, boxHeight: 12, usePointStyle: true, padding: 14 },
        },
        tooltip: {
          callbacks: {
            label: (ctx) => ` ${ctx.dataset.label}: ${num(Number(ctx.raw))}`,
          },
        },
      },
      scales: {
        x: { offset: true, grid: { display: false }, ticks: { color: text, maxRotation: 0, autoSkipPadding: 16 }, border: { color: grid } },
        stars: {
          position: "left",
          beginAtZero: true,
          grace: "8%",
          grid: { color: grid },
          ticks: { color: text, precision: 0 },
          border: { display: false },
          title: { display: true, text: starsAxis, color: text },
        },
        orders: {
          position: "right",
          beginAtZero: true,
          grace: "8%",
          grid: { display: false },
          ticks: { color: text, precision: 0 },
          border: { display: false },
          title: { display: true, text: ordersAxis, color: text },
        },
      },
    };
    return { data, options };
    // `dark` is read through the CSS variables above; the language gives the names and the locale.
  }, [days, dark, starsAxis, ordersAxis, i18n.language]);

  return (
    <div className="chart-box">
      <Chart
        type="bar"
        data={data}
        options={options}
        aria-label={t("revenueChart.label", { stars: starsAxis, orders: ordersAxis })}
        role="img"
      />
    </div>
  );
}
