// Revenue over the range: the figures beside the period before's, net and refunds per day, week or
// month, per product and plan, and the customers who paid most.

import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Grouping } from "../../bindings/Grouping";
import type { ItemRevenue } from "../../bindings/ItemRevenue";
import type { RevenueBucket } from "../../bindings/RevenueBucket";
import type { RevenueReport } from "../../bindings/RevenueReport";
import type { TopCustomer } from "../../bindings/TopCustomer";
import { reportRevenue } from "../../api/reports";
import { errorMessage } from "../../api/invoke";
import { ReportChart, type Series } from "../../components/charts/ReportChart";
import { EmptyState, ErrorState, Loading, Person, Stars } from "../../components/ui";
import { dayLabel, monthLabel, num } from "../../lib/format";
import { useNav } from "../../nav";
import {
  Change,
  ChartCard,
  type Column,
  CsvButton,
  FigureCard,
  ReportTable,
  milli,
  milliCsv,
  milliStarsText,
  permille,
  ratio,
  starsText,
} from "./parts";
import { ITEM_KINDS, ItemKindBadge, itemKindLabel } from "./kinds";
import { type Range, rangeText } from "./range";

export const revenueKey = (r: Range, group: Grouping) => ["revenue", "report", r.from, r.to, group];

/** A group's name on the chart's axis. */
export function bucketLabel(b: { start: string }, group: Grouping): string {
  return group === "month" ? monthLabel(b.start) : dayLabel(b.start);
}

function Figures({ report }: { report: RevenueReport }) {
  const { t: tr } = useTranslation("reports");
  const t = report.totals;
  const p = report.previous;
  const before = rangeText({ from: report.previous_from, to: report.previous_to });
  return (
    <div className="report-figures" data-test="revenue-figures" title={tr("revenue.figures.comparedWith", { range: before })}>
      <FigureCard
        label={tr("revenue.figures.gross")}
        test="figure-gross"
        value={<Stars n={t.gross} size={18} />}
        previous={num(p.gross)}
        change={<Change current={t.gross} previous={p.gross} />}
      />
      <FigureCard
        label={tr("revenue.figures.refunds")}
        test="figure-refunds"
        value={<Stars n={t.refunded} size={18} />}
        previous={num(p.refunded)}
        change={<Change current={t.refunded} previous={p.refunded} upIsGood={false} />}
        hint={tr("revenue.figures.refundsHint", { count: t.refunds })}
      />
      <FigureCard
        label={tr("revenue.figures.net")}
        test="figure-net"
        value={<Stars n={t.net} size={18} />}
        previous={num(p.net)}
        change={<Change current={t.net} previous={p.net} />}
      />
      <FigureCard
        label={tr("revenue.figures.netAfter")}
        test="figure-net-after"
        value={<Stars n={t.net_after_millistars / 1000} size={18} />}
        previous={milli(p.net_after_millistars)}
        change={<Change current={t.net_after_millistars} previous={p.net_after_millistars} />}
        hint={tr("revenue.figures.netAfterHint", { telegram: milli(t.telegram_commission_millistars), referrers: milli(t.referral_millistars) })}
      />
      <FigureCard
        label={tr("revenue.figures.orders")}
        test="figure-orders"
        value={num(t.orders)}
        previous={num(p.orders)}
        change={<Change current={t.orders} previous={p.orders} />}
      />
      <FigureCard
        label={tr("revenue.figures.average")}
        test="figure-average"
        value={
          <span title={milliStarsText(t.average_order_millistars)}>
            <Stars n={Math.round(t.average_order_millistars / 100) / 10} size={18} />
          </span>
        }
        previous={milli(p.average_order_millistars)}
        change={<Change current={t.average_order_millistars} previous={p.average_order_millistars} />}
      />
      <FigureCard
        label={tr("revenue.figures.refundRate")}
        test="figure-refund-rate"
        value={permille(t.refund_rate_permille)}
        previous={permille(p.refund_rate_permille)}
        change={<Change current={t.refund_rate_permille} previous={p.refund_rate_permille} upIsGood={false} />}
      />
    </div>
  );
}

interface BucketRow {
  bucket: RevenueBucket;
  previousNet: number | null;
}

function ByPeriod({ report, previous }: { report: RevenueReport; previous: RevenueReport | undefined }) {
  const { t, i18n } = useTranslation("reports");
  const group = report.group;
  const rows: BucketRow[] = report.buckets.map((bucket, i) => ({ bucket, previousNet: previous?.buckets[i]?.totals.net ?? null }));
  const columns: Column<BucketRow>[] = [
    {
      label: t(`revenue.period.column.${group}`),
      cell: (r) => rangeText({ from: r.bucket.start, to: r.bucket.end }),
      csv: (r) => `${r.bucket.start}..${r.bucket.end}`,
    },
    { label: t("columns.orders"), numeric: true, cell: (r) => num(r.bucket.totals.orders), csv: (r) => r.bucket.totals.orders },
    { label: t("columns.gross"), numeric: true, cell: (r) => num(r.bucket.totals.gross), csv: (r) => r.bucket.totals.gross },
    { label: t("columns.refunded"), numeric: true, cell: (r) => num(r.bucket.totals.refunded), csv: (r) => r.bucket.totals.refunded },
    { label: t("columns.net"), numeric: true, cell: (r) => num(r.bucket.totals.net), csv: (r) => r.bucket.totals.net },
    {
      label: t("columns.netAfter"),
      numeric: true,
      cell: (r) => milli(r.bucket.totals.net_after_millistars),
      csv: (r) => milliCsv(r.bucket.totals.net_after_millistars),
    },
    {
      label: t("revenue.period.netBefore"),
      numeric: true,
      cell: (r) => (r.previousNet === null ? "—" : num(r.previousNet)),
      csv: (r) => r.previousNet ?? "",
    },
  ];
  const { labels, titles, series } = useMemo(() => {
    const series: Series[] = [
      { label: t("columns.net"), kind: "bar", color: "gold", data: rows.map((r) => r.bucket.totals.net), format: starsText },
      { label: t("columns.refunded"), kind: "bar", color: "red", data: rows.map((r) => r.bucket.totals.refunded), format: starsText },
    ];
    if (previous) {
      series.push({
        label: t("revenue.period.netBefore"),
        kind: "line",
        color: "accent",
        faint: true,
        data: rows.map((r) => r.previousNet ?? 0),
        format: starsText,
      });
    }
    return {
      labels: rows.map((r) => bucketLabel(r.bucket, group)),
      titles: rows.map((r) => rangeText({ from: r.bucket.start, to: r.bucket.end })),
      series,
    };
  }, [report, previous, i18n.language]);
  return (
    <ChartCard
      test="revenue-chart"
      what={`revenue-by-${group}`}
      row={group}
      title={t(`revenue.period.title.${group}`)}
      subtitle={
        previous
          ? t("revenue.period.subtitleBefore", { range: rangeText({ from: report.previous_from, to: report.previous_to }) })
          : t("revenue.period.subtitle")
      }
      caption={t(`revenue.period.caption.${group}`, { range: rangeText(report) })}
      columns={columns}
      rows={rows}
      chart={(ref) => (
        <ReportChart
          chartRef={ref}
          labels={labels}
          titles={titles}
          series={series}
          leftTitle={t("chart.stars")}
          label={t(`revenue.period.label.${group}`, { range: rangeText(report) })}
        />
      )}
    />
  );
}

function ByItem({ report }: { report: RevenueReport }) {
  const { t, i18n } = useTranslation("reports");
  const items = report.items;
  const totalNet = report.totals.net;
  const columns: Column<ItemRevenue>[] = [
    { label: t("columns.item"), cell: (i) => i.title, csv: (i) => i.title },
    { label: t("columns.kind"), cell: (i) => <ItemKindBadge kind={i.kind} />, csv: (i) => itemKindLabel(i.kind) },
    { label: t("columns.orders"), numeric: true, cell: (i) => num(i.totals.orders), csv: (i) => i.totals.orders },
    { label: t("columns.gross"), numeric: true, cell: (i) => num(i.totals.gross), csv: (i) => i.totals.gross },
    { label: t("columns.refunded"), numeric: true, cell: (i) => num(i.totals.refunded), csv: (i) => i.totals.refunded },
    { label: t("columns.net"), numeric: true, cell: (i) => <Stars n={i.totals.net} />, csv: (i) => i.totals.net },
    {
      label: t("columns.netAfter"),
      numeric: true,
      cell: (i) => milli(i.totals.net_after_millistars),
      csv: (i) => milliCsv(i.totals.net_after_millistars),
    },
    {
      label: t("revenue.items.share"),
      numeric: true,
      cell: (i) => ratio(i.totals.net, totalNet),
      csv: (i) => (totalNet > 0 ? (i.totals.net / totalNet).toFixed(4) : ""),
    },
  ];
  const shown = items.slice(0, 10);
  // Each bar in its kind's colour (tips apart from what is sold), the kind named in the tooltip.
  const { labels, titles, series } = useMemo(
    () => ({
      labels: shown.map((i) => i.title),
      titles: shown.map((i) => `${i.title} · ${itemKindLabel(i.kind)}`),
      series: [
        {
          label: t("columns.net"),
          kind: "bar",
          color: "gold",
          colors: shown.map((i) => ITEM_KINDS[i.kind].color),
          data: shown.map((i) => i.totals.net),
          format: starsText,
        },
      ] as Series[],
    }),
    [report, i18n.language],
  );
  const kinds = [...new Set(shown.map((i) => i.kind))];
  return (
    <div className="card" data-test="revenue-items">
      <div className="card-head">
        <div>
          <h2>{t("revenue.items.title")}</h2>
          <div className="muted small">{items.length > 10 ? t("revenue.items.subtitleTen") : t("revenue.items.subtitle")}</div>
          {kinds.length > 1 && (
            <div className="row small" data-test="item-kinds" role="group" aria-label={t("revenue.items.colours")}>
              {kinds.map((k) => (
                <span key={k} className="row muted">
                  <span className="kind-swatch" style={{ background: `var(--${ITEM_KINDS[k].color})` }} aria-hidden /> {t(`kinds.${k}`)}
                </span>
              ))}
            </div>
          )}
        </div>
        <CsvButton what="revenue-per-item" columns={columns} rows={items} row="item" />
      </div>
      <div className="card-body report-items">
        <ReportChart
          horizontal
          labels={labels}
          titles={titles}
          series={series}
          height={Math.max(120, 34 * shown.length + 40)}
          leftTitle={t("revenue.items.axis")}
          label={t("revenue.items.label", { range: rangeText(report) })}
        />
        <ReportTable caption={t("revenue.items.caption", { range: rangeText(report) })} columns={columns} rows={items} test="items-table" />
      </div>
    </div>
  );
}

function TopCustomers({ report }: { report: RevenueReport }) {
  const { t } = useTranslation("reports");
  const nav = useNav();
  const columns: Column<TopCustomer>[] = [
    {
      label: t("revenue.top.customer"),
      cell: (c) => (
        <button
          type="button"
          className="link-button"
          onClick={() => nav.go({ page: "orders", search: String(c.customer_id) })}
          title={t("revenue.top.theirOrders")}
        >
          <Person id={c.customer_id} name={c.name} username={c.username} />
        </button>
      ),
      csv: (c) => c.name,
    },
    { label: t("revenue.top.username"), csvOnly: true, cell: () => null, csv: (c) => c.username ?? "" },
    { label: t("columns.orders"), numeric: true, cell: (c) => num(c.orders), csv: (c) => c.orders },
    { label: t("columns.net"), numeric: true, cell: (c) => <Stars n={c.net} />, csv: (c) => c.net },
  ];
  return (
    <div className="card" data-test="top-customers">
      <div className="card-head">
        <div>
          <h2>{t("revenue.top.title")}</h2>
          <div className="muted small">{t("revenue.top.subtitle")}</div>
        </div>
        <CsvButton what="top-customers" columns={columns} rows={report.top_customers} row="customer" />
      </div>
      <div className="card-body">
        <ReportTable caption={t("revenue.top.caption", { range: rangeText(report) })} columns={columns} rows={report.top_customers} />
      </div>
    </div>
  );
}

export function RevenuePanel({ range, group }: { range: Range; group: Grouping }) {
  const { t } = useTranslation("reports");
  const q = useQuery({ queryKey: revenueKey(range, group), queryFn: () => reportRevenue(range.from, range.to, group), placeholderData: (old) => old });
  const report = q.data;
  // The period before, group by group, for the faint line.
  const before = useQuery({
    queryKey: report ? revenueKey({ from: report.previous_from, to: report.previous_to }, group) : ["revenue", "report", "none"],
    queryFn: () => reportRevenue(report!.previous_from, report!.previous_to, group),
    enabled: report !== undefined && report.previous.orders + report.previous.refunds > 0,
  });
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!report) return <Loading />;
  const empty = report.totals.orders === 0 && report.totals.refunds === 0;
  const previous = before.data && before.data.group === report.group && before.data.buckets.length > 0 ? before.data : undefined;
  return (
    <div className="stack" data-test="revenue-report" data-range={`${report.from}..${report.to}`} data-group={report.group} aria-busy={q.isFetching}>
      <Figures report={report} />
      {empty ? (
        <div className="card">
          <EmptyState icon={<BarChart3 size={24} />} title={t("empty.noSales")}>
            {t(`revenue.empty.${group}`)}
          </EmptyState>
        </div>
      ) : (
        <>
          <ByPeriod report={report} previous={previous} />
          <ByItem report={report} />
          <TopCustomers report={report} />
        </>
      )}
    </div>
  );
}
