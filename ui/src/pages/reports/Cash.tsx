// Cash flow: the Stars Telegram holds for the shop, those it has released, and day by day when
// the held ones become available, with their approximate value in US dollars.

import { useQuery } from "@tanstack/react-query";
import { Info, Wallet } from "lucide-react";
import { useMemo } from "react";
import type { Release } from "../../bindings/Release";
import { reportCash } from "../../api/reports";
import { errorMessage } from "../../api/invoke";
import { ReportChart, type Series } from "../../components/charts/ReportChart";
import { EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { dayLabel, dayText, locale, num } from "../../lib/format";
import { useZoneNote } from "../../lib/zone";
import { useNav } from "../../nav";
import { ChartCard, type Column, FigureCard, milli, milliCsv } from "./parts";

const dollars = () => new Intl.NumberFormat(locale(), { style: "currency", currency: "USD", maximumFractionDigits: 2 });

/** Thousandths of a Star at `micros` millionths of a dollar per Star, as dollars ("$12.34"). */
export function usd(millistars: number, micros: number): string {
  return dollars().format((millistars / 1000) * (micros / 1_000_000));
}

/** The rate as it is typed in Settings ("0.013"). */
export const rateText = (micros: number) => String(micros / 1_000_000);

export function CashPanel() {
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
          label: "Becoming available",
          kind: "bar",
          color: "green",
          data: releases.map((r) => r.millistars / 1000),
          format: (v: number) => `${num(v)} Stars`,
        },
      ] as Series[],
    }),
    [cash],
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!cash) return <Loading />;
  const rate = cash.usd_micros_per_star;
  const money = (m: number) => (
    <>
      <Stars n={m / 1000} size={18} />
      <span className="usd" title={`At ${rateText(rate)} USD per Star`}>
        ≈ {usd(m, rate)}
      </span>
    </>
  );
  const columns: Column<Release>[] = [
    { label: "Day", cell: (r) => dayText(r.day), csv: (r) => r.day },
    { label: "Stars", numeric: true, cell: (r) => milli(r.millistars), csv: (r) => milliCsv(r.millistars) },
    { label: "USD", numeric: true, cell: (r) => usd(r.millistars, rate), csv: (r) => ((r.millistars / 1000) * (rate / 1_000_000)).toFixed(2) },
    { label: "Payments", numeric: true, cell: (r) => num(r.payments), csv: (r) => r.payments },
  ];
  return (
    <div className="stack" data-test="cash-report">
      <div className="banner cash-note" role="note">
        <div className="icon">
          <Info size={18} />
        </div>
        <p>
          Telegram keeps earned Stars on hold for about {cash.hold_days} days before they can be withdrawn. The period is Telegram's and may
          change; these dates are estimates from your payments' times.
        </p>
      </div>
      <div className="report-figures cash-figures">
        <FigureCard label="On hold" test="figure-on-hold" value={money(cash.on_hold_millistars)} hint={`released over the next ${cash.hold_days} days`} />
        <FigureCard label="Available" test="figure-available" value={money(cash.available_millistars)} hint="released; withdrawable unless withdrawn already" />
        <FigureCard label="Earned" test="figure-earned" value={money(cash.earned_millistars)} hint="after refunds and Telegram's affiliate commissions" />
      </div>
      <div className="muted small">
        Dollars at {rateText(rate)} USD per Star, an approximation.{" "}
        <button type="button" className="link-button" onClick={() => nav.go("settings")} data-test="change-rate">
          Change the rate in Settings
        </button>
      </div>
      {cash.earned_millistars === 0 && cash.on_hold_millistars === 0 ? (
        <div className="card">
          <EmptyState icon={<Wallet size={24} />} title="No sales in this period yet">
            Stars your customers pay appear here, on hold first, then available.
          </EmptyState>
        </div>
      ) : (
        <ChartCard
          test="cash-chart"
          what="cash-flow"
          row="day"
          title="When held Stars become available"
          subtitle={`Day by day, from today${zone ? `; days in ${zone}` : ""}`}
          caption="Stars becoming available, day by day"
          columns={columns}
          rows={releases}
          chart={(ref) => (
            <ReportChart
              chartRef={ref}
              labels={labels}
              titles={titles}
              series={series}
              leftTitle="Stars"
              label={`Stars becoming available day by day over the next ${cash.hold_days} days`}
            />
          )}
        />
      )}
    </div>
  );
}
