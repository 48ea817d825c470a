// Cards viewed → invoices sent → paid, for the whole shop and per product and plan: where buyers
// drop, and how many of the products' invoices expired unpaid on the way.

import { useQuery } from "@tanstack/react-query";
import { Filter } from "lucide-react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { FunnelItem } from "../../bindings/FunnelItem";
import type { FunnelSteps } from "../../bindings/FunnelSteps";
import { reportFunnel } from "../../api/reports";
import { errorMessage } from "../../api/invoke";
import { ReportChart, type Series } from "../../components/charts/ReportChart";
import { EmptyState, ErrorState, Loading } from "../../components/ui";
import { num } from "../../lib/format";
import { itemKindLabel } from "./kinds";
import { ChartCard, type Column, ratio } from "./parts";
import { type Range, rangeText } from "./range";

/** The steps (their names: `reports:funnel.steps.*`). */
const STEPS: { key: keyof FunnelSteps; color: "blue" | "accent" | "red" | "gold" }[] = [
  { key: "views", color: "blue" },
  { key: "invoices", color: "accent" },
  { key: "expired", color: "red" },
  { key: "paid", color: "gold" },
];

/**
 * The whole shop's funnel: each step's bar as wide as its share of the views. The core counts
 * expired invoices for products only (a plan's card carries its invoice link), so the expired
 * share is of the products' invoices.
 */
function Totals({ steps, productInvoices }: { steps: FunnelSteps; productInvoices: number }) {
  const { t } = useTranslation("reports");
  // Expired is not a step buyers pass but a leak on the way from an invoice to a payment: paid
  // is still a share of the invoices sent.
  const shares: Partial<Record<keyof FunnelSteps, number>> = {
    invoices: steps.views,
    expired: productInvoices,
    paid: steps.invoices,
  };
  const shareText = (key: keyof FunnelSteps, value: number, whole: number) => {
    const share = ratio(value, whole);
    if (key === "invoices") return t("funnel.share.invoices", { share });
    if (key === "expired") return t("funnel.share.expired", { share });
    return t("funnel.share.paid", { share });
  };
  return (
    <div className="card" data-test="funnel-totals">
      <div className="card-head">
        <h2>{t("funnel.totals.title")}</h2>
        <span className="muted small">{t("funnel.totals.viewedToPaid", { share: ratio(steps.paid, steps.views) })}</span>
      </div>
      <div className="card-body funnel">
        {STEPS.map((s) => {
          const value = steps[s.key];
          const width = steps.views > 0 ? Math.max(2, (value / steps.views) * 100) : 0;
          const share = shares[s.key];
          return (
            <div className="funnel-step" key={s.key} data-test={`funnel-${s.key}`}>
              <div className="funnel-label">{t(`funnel.steps.${s.key}`)}</div>
              <div className="funnel-track">
                <div className={`funnel-bar ${s.color}`} style={{ width: `${width}%` }} />
              </div>
              <div className="funnel-value tabular">{num(value)}</div>
              <div className="funnel-rate muted small">{share !== undefined ? shareText(s.key, value, share) : ""}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function FunnelPanel({ range }: { range: Range }) {
  const { t, i18n } = useTranslation("reports");
  const q = useQuery({
    queryKey: ["revenue", "funnel", range.from, range.to],
    queryFn: () => reportFunnel(range.from, range.to),
    placeholderData: (old) => old,
  });
  const report = q.data;
  const items = report?.items ?? [];
  const { labels, series } = useMemo(
    () => ({
      labels: items.map((i) => i.title),
      series: STEPS.map((s) => ({ label: t(`funnel.steps.${s.key}`), kind: "bar", color: s.color, data: items.map((i) => i.steps[s.key]) })) as Series[],
    }),
    [report, i18n.language],
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!report) return <Loading />;
  const totals = report.totals;
  if (totals.views === 0 && totals.invoices === 0 && totals.expired === 0 && totals.paid === 0) {
    return (
      <div className="card">
        <EmptyState icon={<Filter size={24} />} title={t("empty.noSales")}>
          {t("funnel.empty")}
        </EmptyState>
      </div>
    );
  }
  const columns: Column<FunnelItem>[] = [
    { label: t("columns.item"), cell: (i) => i.title, csv: (i) => i.title },
    { label: t("columns.kind"), cell: (i) => itemKindLabel(i.kind), csv: (i) => i.kind },
    { label: t("funnel.columns.viewed"), numeric: true, cell: (i) => num(i.steps.views), csv: (i) => i.steps.views },
    { label: t("funnel.columns.invoices"), numeric: true, cell: (i) => num(i.steps.invoices), csv: (i) => i.steps.invoices },
    // Expired invoices are counted for products only: a plan's row has no figure rather than a 0.
    {
      label: t("funnel.columns.expired"),
      numeric: true,
      cell: (i) => (i.kind === "plan" ? "—" : num(i.steps.expired)),
      csv: (i) => (i.kind === "plan" ? "" : i.steps.expired),
    },
    { label: t("funnel.columns.paid"), numeric: true, cell: (i) => num(i.steps.paid), csv: (i) => i.steps.paid },
    {
      label: t("funnel.columns.viewedToInvoice"),
      numeric: true,
      cell: (i) => ratio(i.steps.invoices, i.steps.views),
      csv: (i) => rate(i.steps.invoices, i.steps.views),
    },
    { label: t("funnel.columns.invoiceToPaid"), numeric: true, cell: (i) => ratio(i.steps.paid, i.steps.invoices), csv: (i) => rate(i.steps.paid, i.steps.invoices) },
    { label: t("funnel.columns.viewedToPaid"), numeric: true, cell: (i) => ratio(i.steps.paid, i.steps.views), csv: (i) => rate(i.steps.paid, i.steps.views) },
  ];
  return (
    <div className="stack" data-test="funnel-report" aria-busy={q.isFetching}>
      <Totals steps={totals} productInvoices={items.reduce((n, i) => n + (i.kind === "product" ? i.steps.invoices : 0), 0)} />
      <ChartCard
        test="funnel-chart"
        what="funnel"
        row="item"
        title={t("funnel.chart.title")}
        subtitle={t("funnel.chart.subtitle")}
        caption={t("funnel.chart.caption", { range: rangeText(report) })}
        columns={columns}
        rows={items}
        chart={(ref) => (
          <ReportChart
            chartRef={ref}
            horizontal
            labels={labels}
            series={series}
            height={Math.max(160, 46 * items.length + 60)}
            label={t("funnel.chart.label", { range: rangeText(report) })}
          />
        )}
      />
    </div>
  );
}

/** A share for a CSV cell, "" when there is no whole. */
const rate = (part: number, whole: number) => (whole > 0 ? (part / whole).toFixed(4) : "");
