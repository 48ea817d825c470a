// What the reports share: figures with the period before and the change, a chart with the table
// behind it (shown on demand, read by screen readers either way), and how report numbers read.

import { useMutation } from "@tanstack/react-query";
import { BarChart3, ImageDown, Table2 } from "lucide-react";
import i18next from "i18next";
import { type ReactNode, type RefObject, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../api/invoke";
import { type ChartHandle } from "../../components/charts/ReportChart";
import { ExportTableButton } from "../../components/ExportButton";
import { useToast } from "../../components/Toasts";
import { Spinner } from "../../components/ui";
import { exportChartPng } from "../../lib/chartPng";
import { locale, num } from "../../lib/format";

/** Thousandths of a Star as Stars ("1,234.5"). */
export const milli = (m: number) => num(m / 1000);

/** Stars as they read in a sentence or a tooltip ("1,234 Stars"); `v` may have a fraction. */
export const starsText = (v: number) => i18next.t("reports:units.stars", { count: v, amount: num(v) });

/** Thousandths of a Star as Stars in a sentence ("1,234.5 Stars"). */
export const milliStarsText = (m: number) => i18next.t("reports:units.stars", { count: m / 1000, amount: milli(m) });

/** Thousandths of a Star as a CSV cell ("1234.500"). */
export const milliCsv = (m: number) => (m / 1000).toFixed(3);

/** Percentages in the window's locale, made again when the language changes. */
let percents: { locale: string; plain: Intl.NumberFormat; signed: Intl.NumberFormat } | null = null;
function percentFormats() {
  if (percents?.locale !== locale()) {
    percents = {
      locale: locale(),
      plain: new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }),
      signed: new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }),
    };
  }
  return percents;
}

/** A share as a percentage ("12.5%"). */
export const pct = (share: number) => percentFormats().plain.format(share);

/** Per thousand as a percentage. */
export const permille = (p: number) => pct(p / 1000);

/** `part` of `whole` as a percentage, "—" when there is no whole. */
export const ratio = (part: number, whole: number) => (whole > 0 ? pct(part / whole) : "—");

/**
 * The change from `previous` to `current` in per cent: "+12.5%" (green when it is good news),
 * "—" when there was nothing before to compare with.
 */
export function Change({ current, previous, upIsGood = true }: { current: number; previous: number; upIsGood?: boolean }) {
  const { t } = useTranslation("reports");
  if (previous === 0) {
    return (
      <span className="change none" title={t("figures.nothingBefore")}>
        —
      </span>
    );
  }
  const share = (current - previous) / Math.abs(previous);
  const tone = share === 0 ? "same" : share > 0 === upIsGood ? "good" : "bad";
  return (
    <span className={`change ${tone}`} data-test="change">
      {share > 0 ? "↑" : share < 0 ? "↓" : ""} {percentFormats().signed.format(share)}
    </span>
  );
}

/** A figure of the range, with the period before's beside it when there is one. */
export function FigureCard({
  label,
  value,
  hint,
  previous,
  change,
  test,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  /** The period before's value, as it reads. */
  previous?: string;
  change?: ReactNode;
  test?: string;
}) {
  const { t } = useTranslation("reports");
  return (
    <div className="card figure report-figure" data-test={test}>
      <div className="label">{label}</div>
      <div className="value tabular">{value}</div>
      {previous !== undefined && (
        <div className="hint report-previous">
          {change} <span>{t("figures.before", { value: previous })}</span>
        </div>
      )}
      {hint && <div className="hint">{hint}</div>}
    </div>
  );
}

export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
  /** The value in a CSV: figures as plain numbers. */
  csv: (row: T) => string | number;
  numeric?: boolean;
  /** In the CSV only (the table shows it within another column). */
  csvOnly?: boolean;
}

/** A report's table; `hidden` keeps it for screen readers only (the chart shows it). */
export function ReportTable<T>({
  caption,
  columns,
  rows,
  hidden = false,
  test,
  rowTitle,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  hidden?: boolean;
  test?: string;
  rowTitle?: (row: T) => string | undefined;
}) {
  columns = columns.filter((c) => !c.csvOnly);
  return (
    <div className={hidden ? "sr-only" : "report-table-wrap"}>
      <table className="report-table" data-test={test}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.numeric ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} title={rowTitle?.(r)}>
              {columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.label} scope="row">
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.label} className={c.numeric ? "num tabular" : undefined}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A table's header and rows as a CSV export takes them. */
export function csvOf<T>(columns: Column<T>[], rows: T[]): { header: string[]; rows: (string | number)[][] } {
  return { header: columns.map((c) => c.label), rows: rows.map((r) => columns.map((c) => c.csv(r))) };
}

/** "CSV": the table's figures, as plain numbers, to a file the merchant chooses. */
export function CsvButton<T>({ what, columns, rows, row }: { what: string; columns: Column<T>[]; rows: T[]; row?: string }) {
  const csv = csvOf(columns, rows);
  return <ExportTableButton what={what} header={csv.header} rows={csv.rows} row={row} label="CSV" test="export-csv" />;
}

/** "PNG": the chart as drawn, to a file the merchant chooses. */
export function PngButton({ chart, what }: { chart: RefObject<ChartHandle | undefined | null>; what: string }) {
  const { t } = useTranslation("reports");
  const toast = useToast();
  const m = useMutation({
    mutationFn: async () => {
      if (!chart.current) throw new Error(i18next.t("reports:chart.notDrawn"));
      return exportChartPng(chart.current, what);
    },
    onSuccess: (path) => {
      if (path) toast.show("success", i18next.t("reports:chart.saved"), path);
    },
    onError: (e) => toast.show("error", i18next.t("reports:chart.notSaved"), errorMessage(e)),
  });
  return (
    <button type="button" className="btn sm" onClick={() => m.mutate()} disabled={m.isPending} data-test="export-png" title={t("chart.pngTitle")}>
      {m.isPending ? <Spinner /> : <ImageDown size={14} />} PNG
    </button>
  );
}

/**
 * A card with a chart and the table behind it: "Show as table" swaps one for the other; the
 * table stays in the page for screen readers while the chart shows.
 */
export function ChartCard<T>({
  title,
  subtitle,
  caption,
  columns,
  rows,
  chart,
  what,
  row,
  test,
}: {
  title: string;
  subtitle?: ReactNode;
  caption: string;
  columns: Column<T>[];
  rows: T[];
  chart: (ref: RefObject<ChartHandle | undefined | null>) => ReactNode;
  /** Names the exported files: `stardesk-<what>-<day>.png`, `.csv`. */
  what: string;
  /** What one row is, for the export's message. */
  row?: string;
  test?: string;
}) {
  const { t } = useTranslation("reports");
  const [asTable, setAsTable] = useState(false);
  const ref = useRef<ChartHandle | undefined | null>(null);
  const id = useId();
  return (
    <div className="card" data-test={test}>
      <div className="card-head report-card-head">
        <div style={{ minWidth: 0 }}>
          <h2 id={id}>{title}</h2>
          {subtitle && <div className="muted small">{subtitle}</div>}
        </div>
        <div className="row report-actions">
          {!asTable && <PngButton chart={ref} what={what} />}
          <CsvButton what={what} columns={columns} rows={rows} row={row} />
          <button
            type="button"
            className="btn sm"
            aria-pressed={asTable}
            onClick={() => setAsTable((v) => !v)}
            data-test="as-table"
            title={asTable ? t("chart.showChartTitle") : t("chart.showTableTitle")}
          >
            {asTable ? <BarChart3 size={14} /> : <Table2 size={14} />} {asTable ? t("chart.showChart") : t("chart.showTable")}
          </button>
        </div>
      </div>
      <div className="card-body" aria-labelledby={id}>
        {!asTable && chart(ref)}
        <ReportTable caption={caption} columns={columns} rows={rows} hidden={!asTable} />
      </div>
    </div>
  );
}
