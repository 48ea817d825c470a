// Cards viewed → invoices sent → paid, for the whole shop and per product and plan: where buyers
// drop, and how many of the products' invoices expired unpaid on the way.

import { useQuery } from "@tanstack/react-query";
import { Filter } from "lucide-react";
import { useMemo } from "react";
import type { FunnelItem } from "../../bindings/FunnelItem";
import type { FunnelSteps } from "../../bindings/FunnelSteps";
import { reportFunnel } from "../../api/reports";
import { errorMessage } from "../../api/invoke";
import { ReportChart, type Series } from "../../components/charts/ReportChart";
import { EmptyState, ErrorState, Loading } from "../../components/ui";
import { num } from "../../lib/format";
import { ITEM_KINDS } from "./kinds";
import { ChartCard, type Column, ratio } from "./parts";
import { type Range, rangeText } from "./range";

const STEPS: { key: keyof FunnelSteps; label: string; color: "blue" | "accent" | "red" | "gold" }[] = [
  { key: "views", label: "Cards viewed", color: "blue" },
  { key: "invoices", label: "Invoices sent", color: "accent" },
  { key: "expired", label: "Expired unpaid", color: "red" },
  { key: "paid", label: "Paid", color: "gold" },
];

/**
 * The whole shop's funnel: each step's bar as wide as its share of the views. The core counts
 * expired invoices for products only (a plan's card carries its invoice link), so the expired
 * share is of the products' invoices.
 */
function Totals({ steps, productInvoices }: { steps: FunnelSteps; productInvoices: number }) {
  // Expired is not a step buyers pass but a leak on the way from an invoice to a payment: paid
  // is still a share of the invoices sent.
  const shares: Partial<Record<keyof FunnelSteps, [number, string]>> = {
    invoices: [steps.views, "of the cards viewed"],
    expired: [productInvoices, "of the products' invoices"],
    paid: [steps.invoices, "of the invoices sent"],
  };
  return (
    <div className="card" data-test="funnel-totals">
      <div className="card-head">
        <h2>The shop's funnel</h2>
        <span className="muted small">Viewed to paid: {ratio(steps.paid, steps.views)}</span>
      </div>
      <div className="card-body funnel">
        {STEPS.map((s) => {
          const value = steps[s.key];
          const width = steps.views > 0 ? Math.max(2, (value / steps.views) * 100) : 0;
          const share = shares[s.key];
          return (
            <div className="funnel-step" key={s.key} data-test={`funnel-${s.key}`}>
              <div className="funnel-label">{s.label}</div>
              <div className="funnel-track">
                <div className={`funnel-bar ${s.color}`} style={{ width: `${width}%` }} />
              </div>
              <div className="funnel-value tabular">{num(value)}</div>
              <div className="funnel-rate muted small">{share ? `${ratio(value, share[0])} ${share[1]}` : ""}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function FunnelPanel({ range }: { range: Range }) {
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
      series: STEPS.map((s) => ({ label: s.label, kind: "bar", color: s.color, data: items.map((i) => i.steps[s.key]) })) as Series[],
    }),
    [report],
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  if (!report) return <Loading />;
  const t = report.totals;
  if (t.views === 0 && t.invoices === 0 && t.expired === 0 && t.paid === 0) {
    return (
      <div className="card">
        <EmptyState icon={<Filter size={24} />} title="No sales in this period yet">
          Each time a customer opens a product's card, gets an invoice and pays, it is counted here.
        </EmptyState>
      </div>
    );
  }
  const columns: Column<FunnelItem>[] = [
    { label: "Item", cell: (i) => i.title, csv: (i) => i.title },
    { label: "Kind", cell: (i) => ITEM_KINDS[i.kind].label, csv: (i) => i.kind },
    { label: "Viewed", numeric: true, cell: (i) => num(i.steps.views), csv: (i) => i.steps.views },
    { label: "Invoices", numeric: true, cell: (i) => num(i.steps.invoices), csv: (i) => i.steps.invoices },
    // Expired invoices are counted for products only: a plan's row has no figure rather than a 0.
    { label: "Expired", numeric: true, cell: (i) => (i.kind === "plan" ? "—" : num(i.steps.expired)), csv: (i) => (i.kind === "plan" ? "" : i.steps.expired) },
    { label: "Paid", numeric: true, cell: (i) => num(i.steps.paid), csv: (i) => i.steps.paid },
    { label: "Viewed → invoice", numeric: true, cell: (i) => ratio(i.steps.invoices, i.steps.views), csv: (i) => rate(i.steps.invoices, i.steps.views) },
    { label: "Invoice → paid", numeric: true, cell: (i) => ratio(i.steps.paid, i.steps.invoices), csv: (i) => rate(i.steps.paid, i.steps.invoices) },
    { label: "Viewed → paid", numeric: true, cell: (i) => ratio(i.steps.paid, i.steps.views), csv: (i) => rate(i.steps.paid, i.steps.views) },
  ];
  return (
    <div className="stack" data-test="funnel-report" aria-busy={q.isFetching}>
      <Totals steps={t} productInvoices={items.reduce((n, i) => n + (i.kind === "product" ? i.steps.invoices : 0), 0)} />
      <ChartCard
        test="funnel-chart"
        what="funnel"
        row="item"
        title="Per product and plan"
        subtitle="Most viewed first; a plan's card carries its invoice, so each view sends one"
        caption={`The funnel per product and plan, ${rangeText(report)}`}
        columns={columns}
        rows={items}
        chart={(ref) => (
          <ReportChart
            chartRef={ref}
            horizontal
            labels={labels}
            series={series}
            height={Math.max(160, 46 * items.length + 60)}
            label={`Cards viewed, invoices sent, invoices expired unpaid and orders paid per product and plan, ${rangeText(report)}`}
          />
        )}
      />
    </div>
  );
}

/** A share for a CSV cell, "" when there is no whole. */
const rate = (part: number, whole: number) => (whole > 0 ? (part / whole).toFixed(4) : "");
