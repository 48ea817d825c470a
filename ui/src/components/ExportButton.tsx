// "Export CSV": asks where to save (the system's dialog, opened on the Downloads folder with a
// name for the day), follows a long export with its progress and a Cancel, and says where the
// file went and how many rows it holds. A closed dialog says nothing.

import { useMutation } from "@tanstack/react-query";
import i18next from "i18next";
import { Download } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Export } from "../bindings/Export";
import { exportCancel, exportTable } from "../api/commands";
import { onAppEvent } from "../api/events";
import { errorMessage } from "../api/invoke";
import { num, plural } from "../lib/format";
import { useToast } from "./Toasts";
import { Spinner } from "./ui";

/** An export of more rows than this shows its progress and a Cancel. */
const LONG = 10_000;

let jobs = 0;
/** A name for one export, unique in this window: its progress events carry it. */
function newJob(): string {
  jobs += 1;
  return `export-${Date.now()}-${jobs}`;
}

/**
 * `n` rows, as "5 codes": a `row` the window knows (`common:count.<row>`: row, code, order, …) in
 * its language, any other in English.
 */
export function countRows(n: number, row: string): string {
  const key = `common:count.${row}`;
  return i18next.exists(key, { count: n }) ? i18next.t(key as never, { count: n }) : plural(n, row);
}

interface Progress {
  rows: number;
  total: number;
}

export function ExportButton({
  run,
  row = "row",
  label,
  className = "btn",
  disabled,
  test,
  autoFocus,
  title,
}: {
  /** Starts the export named `job`; null when the dialog was closed or the export cancelled. */
  run: (job: string) => Promise<Export | null>;
  /** What one row is, for the message: "referrer", "code" (see `countRows`). */
  row?: string;
  /** The button's words; "Export CSV" in the window's language when none. */
  label?: string;
  className?: string;
  disabled?: boolean;
  test?: string;
  /** The action a dialog opens on. */
  autoFocus?: boolean;
  title?: string;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [progress, setProgress] = useState<Progress | null>(null);
  const job = useRef<string | null>(null);
  const cancelled = useRef(false);

  useEffect(() => {
    const unlisten = onAppEvent((e) => {
      if (e.type === "export_progress" && e.job === job.current) setProgress({ rows: e.rows, total: e.total });
    });
    return () => {
      void unlisten.then((f) => f());
    };
  }, []);

  const m = useMutation({
    mutationFn: () => {
      const name = newJob();
      job.current = name;
      cancelled.current = false;
      setProgress(null);
      return run(name);
    },
    onSuccess: (done) => {
      if (done) toast.show("success", t("export.done", { rows: countRows(done.rows, row) }), done.path);
      else if (cancelled.current) toast.show("info", t("export.cancelled"), t("export.nothingSaved"));
    },
    onError: (e) => toast.show("error", t("export.failed"), errorMessage(e)),
    onSettled: () => {
      job.current = null;
      setProgress(null);
    },
  });

  const cancel = () => {
    if (!job.current) return;
    cancelled.current = true;
    void exportCancel(job.current);
  };

  const long = m.isPending && progress !== null && progress.total > LONG;
  return (
    <div style={{ display: "inline-flex", alignItems: "center", gap: 10 }}>
      <button
        type="button"
        className={className}
        onClick={() => m.mutate()}
        disabled={disabled || m.isPending}
        data-test={test}
        data-autofocus={autoFocus || undefined}
        title={title}
      >
        {m.isPending ? <Spinner /> : <Download size={15} />} {label ?? t("export.csv")}
      </button>
      {long && (
        <div style={{ display: "inline-flex", alignItems: "center", gap: 8 }} data-test={test ? `${test}-progress` : undefined}>
          <div
            className="progress"
            style={{ width: 120 }}
            role="progressbar"
            aria-label={t("export.progressLabel")}
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.rows}
          >
            <div style={{ width: `${Math.round((100 * progress.rows) / Math.max(progress.total, 1))}%` }} />
          </div>
          <span className="muted small">
            {t("export.progress", { done: num(progress.rows), total: countRows(progress.total, row) })}
          </span>
          <button type="button" className="btn sm" onClick={cancel} data-test={test ? `${test}-cancel` : undefined}>
            {t("actions.cancel")}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * "Export CSV" for a table the window holds (a report's): its header and rows as shown, written
 * where the merchant chooses. `what` names the file: `stardesk-<what>-<day>.csv`.
 */
export function ExportTableButton({
  what,
  header,
  rows,
  row = "row",
  label,
  className = "btn sm",
  disabled,
  test,
}: {
  what: string;
  header: readonly string[];
  rows: readonly (readonly (string | number | null | undefined)[])[];
  row?: string;
  label?: string;
  className?: string;
  disabled?: boolean;
  test?: string;
}) {
  return (
    <ExportButton
      run={() =>
        exportTable(
          what,
          [...header],
          rows.map((r) => r.map((v) => (v === null || v === undefined ? "" : String(v)))),
        )
      }
      row={row}
      label={label}
      className={className}
      disabled={disabled || rows.length === 0}
      test={test}
    />
  );
}
