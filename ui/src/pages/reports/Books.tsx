// Do the books agree with Telegram? Stardesk's balance (payments − refunds − Telegram's
// affiliate commissions) beside the bot's balance with Telegram, every difference on a line read
// from Telegram's whole ledger, and "Reconcile now" to fix what the ledger can fix.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, RefreshCw, Scale, Wrench } from "lucide-react";
import { useEffect, useState } from "react";
import { booksCheck, booksLast, booksReconcile } from "../../api/books";
import { onAppEvent } from "../../api/events";
import { errorMessage } from "../../api/invoke";
import type { Books as BooksResult } from "../../bindings/Books";
import type { BooksLineKind } from "../../bindings/BooksLineKind";
import type { BooksPhase } from "../../bindings/BooksPhase";
import type { StarAmount } from "../../bindings/StarAmount";
import { useToast } from "../../components/Toasts";
import { EmptyState, ErrorState, Loading } from "../../components/ui";
import { dateTime, num, plural } from "../../lib/format";
import { useNav } from "../../nav";
import { starsExact } from "../orders/Affiliate";

export const KIND_LABEL: Record<BooksLineKind, string> = {
  order_not_in_ledger: "Order not in Telegram's ledger",
  payment_without_order: "Payment with no order",
  amount_differs: "Amount differs",
  refund_not_recorded: "Refund made elsewhere",
  refund_not_in_ledger: "Refund not in Telegram's ledger",
  commission_not_recorded: "Affiliate commission not recorded",
  withdrawal: "Withdrawal",
  other_outgoing: "Other outgoing",
  other_incoming: "Other incoming",
  unexplained: "Unexplained",
};

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
  const reading = p?.phase === "reading";
  const share = reading && p.expected > 0 ? Math.min(1, p.scanned / p.expected) : 0;
  const label = reading
    ? `Reading Telegram's ledger: ${num(p.scanned)} of about ${num(p.expected)} transactions`
    : p?.phase === "reconciling"
      ? "Reconciling with Telegram's ledger…"
      : "Asking Telegram…";
  return (
    <div className="stack" style={{ gap: 6 }} data-test="books-progress">
      <div className="muted small">{label}</div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Reading Telegram's ledger"
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
  return (
    <div className="sub-figures card" data-test="books-figures">
      <div className="sub-figure">
        <div className="label">Stardesk's books</div>
        <div className="value tabular" data-test="books-stardesk">
          {starAmount(b.stardesk)} Stars
        </div>
        <div className="hint">
          {num(b.payments)} paid in {plural(b.orders, "order")} − {num(b.refunds)} refunded − {starAmount(b.commissions)} Telegram
          affiliate commissions
        </div>
      </div>
      <div className="sub-figure">
        <div className="label">Telegram's balance</div>
        <div className="value tabular" data-test="books-telegram">
          {starAmount(b.telegram)} Stars
        </div>
        <div className="hint">{plural(b.transactions, "transaction")} in Telegram's ledger</div>
      </div>
      <div className="sub-figure">
        <div className="label">Difference</div>
        <div className="value tabular" data-test="books-difference">
          {starAmount(b.difference, true)} Stars
        </div>
        <div className="hint">Telegram's balance − Stardesk's books</div>
      </div>
    </div>
  );
}

function Lines({ b }: { b: BooksResult }) {
  const nav = useNav();
  return (
    <div className="report-table-wrap">
      <table className="report-table" data-test="books-lines">
        <caption className="sr-only">What explains the difference, line by line</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Date</th>
            <th scope="col">Order</th>
            <th scope="col" className="num">
              Stars
            </th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {b.lines.map((l, i) => (
            <tr key={i} data-test="books-line" title={l.charge_id ? `Charge id ${l.charge_id}` : undefined}>
              <th scope="row">{KIND_LABEL[l.kind]}</th>
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
                {l.fixable && <span className="muted small"> Reconcile now sets this right.</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Books() {
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
        "Reconciled with Telegram",
        fixed === 0
          ? "Nothing to fix from Telegram's ledger."
          : `${plural(r.report.recovered, "order")} recovered, ${plural(r.report.refunds_recorded, "refund")} and ${plural(r.report.affiliates_recorded, "commission")} recorded.`,
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
          What Stardesk recorded (payments − refunds − Telegram's affiliate commissions) beside the bot's Stars balance with Telegram,
          with every difference explained from Telegram's whole ledger.
        </p>
        <button className="btn" onClick={() => start(() => check.mutate())} disabled={busy} data-test="books-check">
          <RefreshCw size={14} /> {b ? "Check again" : "Check now"}
        </button>
        <button className="btn primary" onClick={() => start(() => reconcile.mutate())} disabled={busy} data-test="books-reconcile">
          <Wrench size={14} /> Reconcile now
        </button>
      </div>
      {busy && <ProgressBar p={progress} />}
      {failed && !busy && <ErrorState message={errorMessage(failed)} />}
      {last.isLoading ? (
        <Loading />
      ) : last.isError ? (
        <ErrorState message={errorMessage(last.error)} onRetry={() => last.refetch()} />
      ) : !b ? (
        <EmptyState icon={<Scale size={24} />} title="Not checked yet">
          Check now reads Telegram's ledger from its start and the bot's balance, and sets them beside Stardesk's books.
        </EmptyState>
      ) : (
        <>
          <div className="muted small" data-test="books-checked-at">
            Checked {dateTime(b.checked_at)}
          </div>
          <Figures b={b} />
          {b.agree ? (
            <div className="card" data-test="books-agree">
              <EmptyState icon={<CheckCircle2 size={24} />} title="Books agree with Telegram">
                Every order has its payment in Telegram's ledger and every transaction its order, to the billionth of a Star.
              </EmptyState>
            </div>
          ) : (
            <div className="card" data-test="books-differ">
              <div className="card-head">
                <div>
                  <h2>What explains the difference</h2>
                  <div className="muted small">
                    {plural(b.lines.length, "line")}; Stardesk's books plus each line's Stars make Telegram's balance.
                  </div>
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
