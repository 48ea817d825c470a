// Do the books agree with Telegram? Stardesk's balance (payments − refunds − Telegram's
// affiliate commissions) beside the bot's balance with Telegram, every difference on a line read
// from Telegram's whole ledger, and "Reconcile now" to fix what the ledger can fix.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, RefreshCw, Scale, Wrench } from "lucide-react";
import i18next from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { booksCheck, booksLast, booksReconcile } from "../../api/books";
import { onAppEvent } from "../../api/events";
import { errorMessage } from "../../api/invoke";
import type { Books as BooksResult } from "../../bindings/Books";
import type { BooksPhase } from "../../bindings/BooksPhase";
import type { StarAmount } from "../../bindings/StarAmount";
import { useToast } from "../../components/Toasts";
import { EmptyState, ErrorState, Loading } from "../../components/ui";
import { dateTime, num } from "../../lib/format";
import { useNav } from "../../nav";
import { starsExact } from "../orders/Affiliate";

/** A Star amount as a number, for choosing a word's plural form. */
const starValue = (a: StarAmount) => a.amount + a.nanostar_amount / 1_000_000_000;

/** Stars to the billionth, "31.25"; with `signed`, "+250" and "−31.25". */
export function starAmount(a: StarAmount, signed = false): string {
  const negative = a.amount < 0 || a.nanostar_amount < 0;
  const zero = a.amount === 0 && a.nanostar_amount === 0;
  const text = starsExact(Math.abs(a.amount), Math.abs(a.nanostar_amount));
  if (zero) return text;
  if (negative) return `−${text}`;
  return signed ? `+${text}` : text;
}

interface Progress {
  scanned: number;
  expected: number;
  phase: BooksPhase;
}

function ProgressBar({ p }: { p: Progress | null }) {
  const { t } = useTranslation("reports");
  const reading = p?.phase === "reading";
  const share = reading && p.expected > 0 ? Math.min(1, p.scanned / p.expected) : 0;
  const label = reading
    ? t("books.progress.reading", { count: p.expected, scanned: num(p.scanned) })
    : p?.phase === "reconciling"
      ? t("books.progress.reconciling")
      : t("books.progress.asking");
  return (
    <div className="stack" style={{ gap: 6 }} data-test="books-progress">
      <div className="muted small">{label}</div>
      <div
        className="progress"
        role="progressbar"
        aria-label={t("books.progress.label")}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={reading ? Math.round(share * 100) : undefined}
      >
        <div style={{ width: reading ? `${share * 100}%` : "100%", opacity: reading ? 1 : 0.4 }} />
      </div>
    </div>
  );
}

function Figures({ b }: { b: BooksResult }) {
  const { t } = useTranslation("reports");
  const stars = (a: StarAmount, signed = false) => t("units.stars", { count: starValue(a), amount: starAmount(a, signed) });
  return (
    <div className="sub-figures card" data-test="books-figures">
      <div className="sub-figure">
        <div className="label">{t("books.figures.stardesk")}</div>
        <div className="value tabular" data-test="books-stardesk">
          {stars(b.stardesk)}
        </div>
        <div className="hint">
          {t("books.figures.stardeskHint", {
            count: b.orders,
            payments: num(b.payments),
            refunds: num(b.refunds),
            commissions: starAmount(b.commissions),
          })}
        </div>
      </div>
      <div className="sub-figure">
        <div className="label">{t("books.figures.telegram")}</div>
        <div className="value tabular" data-test="books-telegram">
          {stars(b.telegram)}
        </div>
        <div className="hint">{t("books.figures.telegramHint", { count: b.transactions })}</div>
      </div>
      <div className="sub-figure">
        <div className="label">{t("books.figures.difference")}</div>
        <div className="value tabular" data-test="books-difference">
          {stars(b.difference, true)}
        </div>
        <div className="hint">{t("books.figures.differenceHint")}</div>
      </div>
    </div>
  );
}

function Lines({ b }: { b: BooksResult }) {
  const { t } = useTranslation("reports");
  const nav = useNav();
  return (
    <div className="report-table-wrap">
      <table className="report-table" data-test="books-lines">
        <caption className="sr-only">{t("books.lines.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("columns.kind")}</th>
            <th scope="col">{t("books.lines.date")}</th>
            <th scope="col">{t("books.lines.order")}</th>
            <th scope="col" className="num">
              {t("columns.stars")}
            </th>
            <th scope="col">{t("books.lines.explanation")}</th>
          </tr>
        </thead>
        <tbody>
          {b.lines.map((l, i) => (
            <tr key={i} data-test="books-line" title={l.charge_id ? t("books.lines.chargeId", { id: l.charge_id }) : undefined}>
              <th scope="row">{t(`books.kinds.${l.kind}`)}</th>
              <td>{l.date === null ? "—" : dateTime(l.date)}</td>
              <td>
                {l.order_id === null ? (
                  "—"
                ) : (
                  <button
                    className="btn ghost sm"
                    onClick={() => nav.go({ page: "orders", search: `#${l.order_id}`, orderId: l.order_id ?? undefined })}
                  >
                    #{l.order_id}
                  </button>
                )}
              </td>
              <td className="num tabular">{starAmount(l.effect, true)}</td>
              <td>
                {l.explanation}
                {l.fixable && <span className="muted small"> {t("books.lines.fixable")}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Books() {
  const { t } = useTranslation("reports");
  const qc = useQueryClient();
  const toast = useToast();
  const last = useQuery({ queryKey: ["books-last"], queryFn: booksLast });
  const [progress, setProgress] = useState<Progress | null>(null);
  const keep = (b: BooksResult) => qc.setQueryData(["books-last"], b);
  const check = useMutation({ mutationFn: booksCheck, onSuccess: keep });
  const reconcile = useMutation({
    mutationFn: booksReconcile,
    onSuccess: (r) => {
      keep(r.books);
      const fixed = r.report.recovered + r.report.refunds_recorded + r.report.affiliates_recorded;
      toast.show(
        "success",
        i18next.t("reports:books.reconciled.title"),
        fixed === 0
          ? i18next.t("reports:books.reconciled.nothing")
          : i18next.t("reports:books.reconciled.fixed", {
              orders: i18next.t("reports:books.reconciled.orders", { count: r.report.recovered }),
              refunds: i18next.t("reports:books.reconciled.refunds", { count: r.report.refunds_recorded }),
              commissions: i18next.t("reports:books.reconciled.commissions", { count: r.report.affiliates_recorded }),
            }),
      );
    },
  });
  const busy = check.isPending || reconcile.isPending;

  useEffect(() => {
    const unlisten = onAppEvent((e) => {
      if (e.type === "books_progress") setProgress({ scanned: e.scanned, expected: e.expected, phase: e.phase });
    });
    return () => {
      void unlisten.then((f) => f());
    };
  }, []);

  const start = (run: () => void) => {
    setProgress(null);
    run();
  };
  const failed = check.error ?? reconcile.error;
  const b = last.data ?? null;

  return (
    <div className="stack" data-test="books">
      <div className="row">
        <p className="muted grow" style={{ margin: 0 }}>
          {t("books.intro")}
        </p>
        <button className="btn" onClick={() => start(() => check.mutate())} disabled={busy} data-test="books-check">
          <RefreshCw size={14} /> {b ? t("books.checkAgain") : t("books.checkNow")}
        </button>
        <button className="btn primary" onClick={() => start(() => reconcile.mutate())} disabled={busy} data-test="books-reconcile">
          <Wrench size={14} /> {t("books.reconcileNow")}
        </button>
      </div>
      {busy && <ProgressBar p={progress} />}
      {failed && !busy && <ErrorState message={errorMessage(failed)} />}
      {last.isLoading ? (
        <Loading />
      ) : last.isError ? (
        <ErrorState message={errorMessage(last.error)} onRetry={() => last.refetch()} />
      ) : !b ? (
        <EmptyState icon={<Scale size={24} />} title={t("books.notChecked.title")}>
          {t("books.notChecked.body")}
        </EmptyState>
      ) : (
        <>
          <div className="muted small" data-test="books-checked-at">
            {t("books.checkedAt", { when: dateTime(b.checked_at) })}
          </div>
          <Figures b={b} />
          {b.agree ? (
            <div className="card" data-test="books-agree">
              <EmptyState icon={<CheckCircle2 size={24} />} title={t("books.agree.title")}>
                {t("books.agree.body")}
              </EmptyState>
            </div>
          ) : (
            <div className="card" data-test="books-differ">
              <div className="card-head">
                <div>
                  <h2>{t("books.differ.title")}</h2>
                  <div className="muted small">{t("books.differ.subtitle", { count: b.lines.length })}</div>
                </div>
              </div>
              <Lines b={b} />
            </div>
          )}
        </>
      )}
    </div>
  );
}
