// Subscriptions over the range: MRR and subscribers won and lost, MRR over time, and how long
// each month's new subscribers kept paying.

import { useQuery } from "@tanstack/react-query";
import { Repeat } from "lucide-react";
import { useMemo } from "react";
import type { Cohort } from "../../bindings/Cohort";
import type { Grouping } from "../../bindings/Grouping";
import type { MrrPoint } from "../../bindings/MrrPoint";
import { reportSubscriptions } from "../../api/reports";
import { errorMessage } from "../../api/invoke";
import { ReportChart, type Series } from "../../components/charts/ReportChart";
import { EmptyState, ErrorState, Loading, Stars } from "../../components/ui";
import { monthLabel, num } from "../../lib/format";
import { ExportTableButton } from "../../components/ExportButton";
import { ChartCard, type Column, FigureCard, milli, permille, pct } from "./parts";
import { bucketLabel } from "./Revenue";
import { type Range, rangeText } from "./range";

/** The cohort table: rows are months of first payment, cells the share still paying after n months. */
export function CohortTable({ cohorts: all }: { cohorts: Cohort[] }) {
  const cohorts = fromFirstSubscriber(all);
  const months = Math.max(0, ...cohorts.map((c) => c.retained.length));
  const after = Array.from({ length: months }, (_, i) => i + 1);
  return (
    <div className="report-table-wrap">
      <table className="report-table cohorts" data-test="cohort-table">
        <caption className="sr-only">Subscribers by the month of their first payment, and the share still paying after each month</caption>
        <thead>
          <tr>
            <th scope="col">First paid</th>
            <th scope="col" className="num">
              Subscribers
            </th>
            {after.map((n) => (
              <th scope="col" className="num" key={n}>
                {n === 1 ? "After 1 month" : `${n}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.month}>
              <th scope="row">{monthLabel(`${c.month}-01`)}</th>
              <td className="num tabular">{num(c.subscribers)}</td>
              {after.map((n) => {
                const kept = c.retained[n - 1];
                if (kept === undefined || c.subscribers === 0) return <td key={n} className="num cohort-cell none" />;
                const share = kept / c.subscribers;
                return (
                  <td
                    key={n}
                    className="num tabular cohort-cell"
                    title={`${num(kept)} of ${num(c.subscribers)} still paying after ${n === 1 ? "1 month" : `${n} months`}`}
                    style={{ background: `color-mix(in srgb, var(--accent) ${Math.round(share * 55)}%, transparent)` }}
                    data-kept={kept}
                  >
                    {pct(share)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The months from the first with a subscriber on (the shop's months before it are all zeros). */
function fromFirstSubscriber(cohorts: Cohort[]): Cohort[] {
  const first = cohorts.findIndex((c) => c.subscribers > 0);
  return first < 0 ? [] : cohorts.slice(first);
}

/** The cohorts as a CSV takes them: the share after each month and its count. */
export function cohortCsv(all: Cohort[]) {
  const cohorts = fromFirstSubscriber(all);
  const months = Math.max(0, ...cohorts.map((c) => c.retained.length));
  const after = Array.from({ length: months }, (_, i) => i + 1);
  return {
    header: ["First paid", "Subscribers", ...after.map((n) => `Paying after ${n} months`)],
    rows: cohorts.map((c) => [c.month, c.subscribers, ...after.map((n) => c.retained[n - 1] ?? "")]),
  };
}

export function SubscriptionsPanel({ range, group }: { range: Range; group: Grouping }) {
  const q = useQuery({
    // Under "sub-figures": a payment, a cancellation or an end refreshes it with the rest.
    queryKey: ["sub-figures", "report", range.from, range.to, group],
    queryFn: () => reportSubscriptions(range.from, range.to, group),
    placeholderData: (old) => old,
  });
  const report = q.data;
  const points = report?.points ?? [];
  const { labels, titles, series } = useMemo(
    () => ({
      labels: points.map((p) => bucketLabel(p, report!.group)),
      titles: points.map((p) => rangeText({ from: p.start, to: p.end })),
      series: [
        { label: "MRR", kind: "line", color: "gold", data: points.map((p) => p.mrr), format: (v: number) => `${num(v)} Stars a month` },
        { label: "Renewing subscribers", kind: "line", color: "accent", right: true, data: points.map((p) => p.active) },
      ] as Series[],
    }),
    [report],
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!report) return <Loading />;
  const none = report.active === 0 && report.new === 0 && report.cancelled === 0 && report.lapsed === 0 && report.cohorts.length === 0;
  if (none) {
    return (
      <div className="card">
        <EmptyState icon={<Repeat size={24} />} title="No subscriptions in this period yet">
          Once customers subscribe to a plan, its monthly revenue, renewals and cancellations appear here.
        </EmptyState>
      </div>
    );
  }
  const columns: Column<MrrPoint>[] = [
    { label: "Period", cell: (p) => rangeText({ from: p.start, to: p.end }), csv: (p) => `${p.start}..${p.end}` },
    { label: "MRR", numeric: true, cell: (p) => num(p.mrr), csv: (p) => p.mrr },
    { label: "Renewing", numeric: true, cell: (p) => num(p.active), csv: (p) => p.active },
    { label: "Started", numeric: true, cell: (p) => num(p.started), csv: (p) => p.started },
    { label: "Stopped", numeric: true, cell: (p) => num(p.stopped), csv: (p) => p.stopped },
  ];
  return (
    <div className="stack" data-test="subscriptions-report" aria-busy={q.isFetching}>
      <div className="report-figures">
        <FigureCard label="MRR" test="figure-mrr" value={<Stars n={report.mrr} size={18} />} hint="Stars a month from renewing plans" />
        <FigureCard label="Renewing subscribers" test="figure-active" value={num(report.active)} hint="at the end of the range" />
        <FigureCard label="New" test="figure-new" value={num(report.new)} hint="started in the range" />
        <FigureCard label="Cancelled" test="figure-cancelled" value={num(report.cancelled)} hint="keep access to the end of what they paid" />
        <FigureCard label="Lapsed" test="figure-lapsed" value={num(report.lapsed)} hint="ended without renewing" />
        <FigureCard
          label="Churn"
          test="figure-churn"
          value={report.churn_permille === null ? "—" : permille(report.churn_permille)}
          hint="of those subscribed at the start, lost"
        />
        <FigureCard
          label="ARPU"
          test="figure-arpu"
          value={report.arpu_millistars === null ? "—" : <Stars n={report.arpu_millistars / 1000} size={18} />}
          hint={report.arpu_millistars === null ? "no renewing subscriber" : `${milli(report.arpu_millistars)} Stars a month each`}
        />
      </div>
      <ChartCard
        test="mrr-chart"
        what="mrr"
        title={`MRR by ${report.group}`}
        subtitle="At the end of each group of days"
        caption={`MRR and renewing subscribers by ${report.group}, ${rangeText(report)}`}
        columns={columns}
        rows={points}
        chart={(ref) => (
          <ReportChart
            chartRef={ref}
            labels={labels}
            titles={titles}
            series={series}
            leftTitle="Stars a month"
            rightTitle="Subscribers"
            label={`MRR and renewing subscribers by ${report.group}, ${rangeText(report)}`}
          />
        )}
      />
      <div className="card" data-test="cohorts">
        <div className="card-head">
          <div>
            <h2>Cohorts</h2>
            <div className="muted small">Subscribers by the month of their first payment, and the share still paying after 1, 2, 3… months</div>
          </div>
          <ExportTableButton what="cohorts" {...cohortCsv(report.cohorts)} row="month" label="CSV" test="export-csv" />
        </div>
        <div className="card-body">
          {fromFirstSubscriber(report.cohorts).length === 0 ? (
            <div className="muted">No first payments in the twelve months up to {rangeText({ from: report.to, to: report.to })}.</div>
          ) : (
            <CohortTable cohorts={report.cohorts} />
          )}
        </div>
      </div>
    </div>
  );
}
