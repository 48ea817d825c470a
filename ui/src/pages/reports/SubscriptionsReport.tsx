// Subscriptions over the range: MRR and subscribers won and lost, MRR over time, and how long
// each month's new subscribers kept paying.

import { useQuery } from "@tanstack/react-query";
import { Repeat } from "lucide-react";
import i18next from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
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
  const { t } = useTranslation("reports");
  const cohorts = fromFirstSubscriber(all);
  const months = Math.max(0, ...cohorts.map((c) => c.retained.length));
  const after = Array.from({ length: months }, (_, i) => i + 1);
  return (
    <div className="report-table-wrap">
      <table className="report-table cohorts" data-test="cohort-table">
        <caption className="sr-only">{t("subscriptions.cohorts.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("subscriptions.cohorts.firstPaid")}</th>
            <th scope="col" className="num">
              {t("subscriptions.cohorts.subscribers")}
            </th>
            {after.map((n) => (
              <th scope="col" className="num" key={n}>
                {n === 1 ? t("subscriptions.cohorts.afterOne") : `${n}`}
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
                    title={t("subscriptions.cohorts.cellTitle", { count: n, kept: num(kept), total: num(c.subscribers) })}
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
    header: [
      i18next.t("reports:subscriptions.cohorts.firstPaid"),
      i18next.t("reports:subscriptions.cohorts.subscribers"),
      ...after.map((n) => i18next.t("reports:subscriptions.cohorts.csvAfter", { count: n })),
    ],
    rows: cohorts.map((c) => [c.month, c.subscribers, ...after.map((n) => c.retained[n - 1] ?? "")]),
  };
}

export function SubscriptionsPanel({ range, group }: { range: Range; group: Grouping }) {
  const { t, i18n } = useTranslation("reports");
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
        {
          label: t("subscriptions.mrr"),
          kind: "line",
          color: "gold",
          data: points.map((p) => p.mrr),
          format: (v: number) => t("units.starsAMonth", { count: v, amount: num(v) }),
        },
        { label: t("subscriptions.renewingSubscribers"), kind: "line", color: "accent", right: true, data: points.map((p) => p.active) },
      ] as Series[],
    }),
    [report, i18n.language],
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!report) return <Loading />;
  const none = report.active === 0 && report.new === 0 && report.cancelled === 0 && report.lapsed === 0 && report.cohorts.length === 0;
  if (none) {
    return (
      <div className="card">
        <EmptyState icon={<Repeat size={24} />} title={t("subscriptions.empty.title")}>
          {t("subscriptions.empty.body")}
        </EmptyState>
      </div>
    );
  }
  const columns: Column<MrrPoint>[] = [
    { label: t("subscriptions.columns.period"), cell: (p) => rangeText({ from: p.start, to: p.end }), csv: (p) => `${p.start}..${p.end}` },
    { label: t("subscriptions.mrr"), numeric: true, cell: (p) => num(p.mrr), csv: (p) => p.mrr },
    { label: t("subscriptions.columns.renewing"), numeric: true, cell: (p) => num(p.active), csv: (p) => p.active },
    { label: t("subscriptions.columns.started"), numeric: true, cell: (p) => num(p.started), csv: (p) => p.started },
    { label: t("subscriptions.columns.stopped"), numeric: true, cell: (p) => num(p.stopped), csv: (p) => p.stopped },
  ];
  return (
    <div className="stack" data-test="subscriptions-report" aria-busy={q.isFetching}>
      <div className="report-figures">
        <FigureCard label={t("subscriptions.mrr")} test="figure-mrr" value={<Stars n={report.mrr} size={18} />} hint={t("subscriptions.figures.mrrHint")} />
        <FigureCard
          label={t("subscriptions.renewingSubscribers")}
          test="figure-active"
          value={num(report.active)}
          hint={t("subscriptions.figures.activeHint")}
        />
        <FigureCard label={t("subscriptions.figures.new")} test="figure-new" value={num(report.new)} hint={t("subscriptions.figures.newHint")} />
        <FigureCard
          label={t("subscriptions.figures.cancelled")}
          test="figure-cancelled"
          value={num(report.cancelled)}
          hint={t("subscriptions.figures.cancelledHint")}
        />
        <FigureCard label={t("subscriptions.figures.lapsed")} test="figure-lapsed" value={num(report.lapsed)} hint={t("subscriptions.figures.lapsedHint")} />
        <FigureCard
          label={t("subscriptions.figures.churn")}
          test="figure-churn"
          value={report.churn_permille === null ? "—" : permille(report.churn_permille)}
          hint={t("subscriptions.figures.churnHint")}
        />
        <FigureCard
          label={t("subscriptions.figures.arpu")}
          test="figure-arpu"
          value={report.arpu_millistars === null ? "—" : <Stars n={report.arpu_millistars / 1000} size={18} />}
          hint={
            report.arpu_millistars === null
              ? t("subscriptions.figures.arpuNone")
              : t("subscriptions.figures.arpuHint", { count: report.arpu_millistars / 1000, amount: milli(report.arpu_millistars) })
          }
        />
      </div>
      <ChartCard
        test="mrr-chart"
        what="mrr"
        title={t(`subscriptions.chart.title.${report.group}`)}
        subtitle={t("subscriptions.chart.subtitle")}
        caption={t(`subscriptions.chart.caption.${report.group}`, { range: rangeText(report) })}
        columns={columns}
        rows={points}
        chart={(ref) => (
          <ReportChart
            chartRef={ref}
            labels={labels}
            titles={titles}
            series={series}
            leftTitle={t("subscriptions.chart.left")}
            rightTitle={t("subscriptions.cohorts.subscribers")}
            label={t(`subscriptions.chart.caption.${report.group}`, { range: rangeText(report) })}
          />
        )}
      />
      <div className="card" data-test="cohorts">
        <div className="card-head">
          <div>
            <h2>{t("subscriptions.cohorts.title")}</h2>
            <div className="muted small">{t("subscriptions.cohorts.subtitle")}</div>
          </div>
          <ExportTableButton what="cohorts" {...cohortCsv(report.cohorts)} row="month" label="CSV" test="export-csv" />
        </div>
        <div className="card-body">
          {fromFirstSubscriber(report.cohorts).length === 0 ? (
            <div className="muted">{t("subscriptions.cohorts.none", { day: rangeText({ from: report.to, to: report.to }) })}</div>
          ) : (
            <CohortTable cohorts={report.cohorts} />
          )}
        </div>
      </div>
    </div>
  );
}
