// Cash flow: the Stars Telegram holds for the shop, those it has released, and day by day when
// the held ones become available, with their approximate value in US dollars.

import { useQuery } from "@tanstack/react-query";
import { Info, Wallet } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Release } from "../../bindings/Release";
import { reportCash } from "../../api/reports";
import { errorMessage } from "../../api/invoke";
import { ReportChart, type Series } from "../../components/charts/ReportChart";
import { EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { dayLabel, dayText, locale, num } from "../../lib/format";
import { useZoneNote } from "../../lib/zone";
import { useNav } from "../../nav";
import { ChartCard, type Column, FigureCard, milli, milliCsv, starsText } from "./parts";

const dollars = () => new Intl.NumberFormat(locale(), { style: "currency", currency: "USD", maximumFractionDigits: 2 });

/** Thousandths of a Star at `micros` millionths of a dollar per Star, as dollars ("$12.34"). */
export function usd(millistars: number, micros: number): string {
  return dollars().format((millistars / 1000) * (micros / 1_000_000));
}

/** The rate as Settings shows it ("0.013"), in the window's language ("0,013" in German). */
export const rateText = (micros: number) =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: 6, useGrouping: false }).format(micros / 1_000_000);

export function CashPanel() {
  const { t, i18n } = useTranslation("reports");
  const nav = useNav();
  const zone = useZoneNote();
  const q = useQuery({ queryKey: ["revenue", "cash"], queryFn: () => reportCash() });
  const cash = q.data;
  const releases = cash?.releases ?? [];
  const { labels, titles, series } = useMemo(
    () => ({
      labels: releases.map((r) => dayLabel(r.day)),
      titles: releases.map((r) => dayText(r.day)),
      series: [
        {
          label: t("cash.chart.series"),
          kind: "bar",
          color: "green",
          data: releases.map((r) => r.millistars / 1000),
          format: starsText,
        },
      ] as Series[],
    }),
    [cash, i18n.language],
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!cash) return <Loading />;
  const rate = cash.usd_micros_per_star;
  const money = (m: number) => (
    <>
      <Stars n={m / 1000} size={18} />
      <span className="usd" title={t("cash.rateTitle", { rate: rateText(rate) })}>
        ≈ {usd(m, rate)}
      </span>
    </>
  );
  const columns: Column<Release>[] = [
    { label: t("cash.columns.day"), cell: (r) => dayText(r.day), csv: (r) => r.day },
    { label: t("columns.stars"), numeric: true, cell: (r) => milli(r.millistars), csv: (r) => milliCsv(r.millistars) },
    {
      label: t("cash.columns.usd"),
      numeric: true,
      cell: (r) => usd(r.millistars, rate),
      csv: (r) => ((r.millistars / 1000) * (rate / 1_000_000)).toFixed(2),
    },
    { label: t("cash.columns.payments"), numeric: true, cell: (r) => num(r.payments), csv: (r) => r.payments },
  ];
  return (
    <div className="stack" data-test="cash-report">
      <div className="banner cash-note" role="note">
        <div className="icon">
          <Info size={18} />
        </div>
        <p>{t("cash.holdNote", { count: cash.hold_days })}</p>
      </div>
      <div className="report-figures cash-figures">
        <FigureCard
          label={t("cash.figures.onHold")}
          test="figure-on-hold"
          value={money(cash.on_hold_millistars)}
          hint={t("cash.figures.onHoldHint", { count: cash.hold_days })}
        />
        <FigureCard
          label={t("cash.figures.available")}
          test="figure-available"
          value={money(cash.available_millistars)}
          hint={t("cash.figures.availableHint")}
        />
        <FigureCard label={t("cash.figures.earned")} test="figure-earned" value={money(cash.earned_millistars)} hint={t("cash.figures.earnedHint")} />
      </div>
      <div className="muted small">
        {t("cash.rateNote", { rate: rateText(rate) })}{" "}
        <button type="button" className="link-button" onClick={() => nav.go("settings")} data-test="change-rate">
          {t("cash.changeRate")}
        </button>
      </div>
      {cash.earned_millistars === 0 && cash.on_hold_millistars === 0 ? (
        <div className="card">
          <EmptyState icon={<Wallet size={24} />} title={t("empty.noSales")}>
            {t("cash.empty")}
          </EmptyState>
        </div>
      ) : (
        <ChartCard
          test="cash-chart"
          what="cash-flow"
          row="day"
          title={t("cash.chart.title")}
          subtitle={zone ? t("cash.chart.subtitleZone", { zone }) : t("cash.chart.subtitle")}
          caption={t("cash.chart.caption")}
          columns={columns}
          rows={releases}
          chart={(ref) => (
            <ReportChart
              chartRef={ref}
              labels={labels}
              titles={titles}
              series={series}
              leftTitle={t("chart.stars")}
              label={t("cash.chart.label", { count: cash.hold_days })}
            />
          )}
        />
      )}
    </div>
  );
}
