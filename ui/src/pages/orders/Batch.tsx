// Refunding several orders at once: the reason and the count, then each order's outcome as it
// comes. The batch runs in the app, not in this dialog: closing it stops nothing, and a batch cut
// short (the app quit halfway) is offered again on the Orders page.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Clock, MinusCircle, Play, RotateCw, Square, Undo2, X, XCircle } from "lucide-react";
import { type ReactNode, useRef, useState } from "react";
import type { BatchItem } from "../../bindings/BatchItem";
import type { Category } from "../../bindings/Category";
import type { OrderRow } from "../../bindings/OrderRow";
import type { RefundBatch } from "../../bindings/RefundBatch";
import { errorMessage } from "../../api/invoke";
import { refundBatch, resumeRefunds, startRefunds, stopRefunds, unfinishedRefunds } from "../../api/refunds";
import { StepUpField, isCancelled, useStepUp, useStepUpGuard } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { ErrorState, Loading, Modal, Spinner, Stars } from "../../components/ui";
import { num, plural } from "../../lib/format";
import { useLive } from "../../live";
import { useStepUpStatus } from "../../queries";
import { ReasonFields, useReason } from "./Refund";

/** One batch, followed while it runs: core's progress events fill it in, a poll every second backs them up. */
function useBatch(id: number) {
  return useQuery({
    queryKey: ["refund-batch", id],
    queryFn: () => refundBatch(id),
    refetchInterval: (q) => (q.state.data?.state === "running" ? 1000 : false),
  });
}

const ITEM: Record<BatchItem["state"], { label: string; icon: ReactNode; tone: string }> = {
  pending: { label: "waiting", icon: <Clock size={14} />, tone: "wait" },
  refunded: { label: "refunded", icon: <CheckCircle2 size={14} />, tone: "ok" },
  already: { label: "was refunded before", icon: <CheckCircle2 size={14} />, tone: "ok" },
  failed: { label: "failed", icon: <XCircle size={14} />, tone: "bad" },
  skipped: { label: "not done: the refund was stopped", icon: <MinusCircle size={14} />, tone: "wait" },
};

function Progress({ batch }: { batch: RefundBatch }) {
  const pct = batch.total === 0 ? 100 : Math.round((batch.done / batch.total) * 100);
  const refunded = batch.items.filter((i) => i.state === "refunded").length;
  const already = batch.items.filter((i) => i.state === "already").length;
  const skipped = batch.items.filter((i) => i.state === "skipped").length;
  const running = batch.state === "running";
  return (
    <div className="form">
      <div>
        <div className="row small" style={{ marginBottom: 6 }}>
          <span className="grow" aria-live="polite">
            {running
              ? `${num(batch.done)} of ${plural(batch.total, "order")} done`
              : batch.state === "discarded" || skipped > 0
                ? `Stopped at ${num(batch.done - skipped)} of ${plural(batch.total, "order")}`
                : `All ${plural(batch.total, "order")} done`}
          </span>
          {running && <Spinner />}
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label="Orders done"
          aria-valuemin={0}
          aria-valuemax={batch.total}
          aria-valuenow={batch.done}
          aria-valuetext={`${num(batch.done)} of ${num(batch.total)}`}
        >
          <div style={{ width: `${pct}%` }} />
        </div>
      </div>
      <div className="summary">
        <div>
          <div className="muted small">Refunded</div>
          <div className="n tabular">{num(refunded)}</div>
        </div>
        <div>
          <div className="muted small">Refunded before</div>
          <div className="n tabular">{num(already)}</div>
        </div>
        <div>
          <div className="muted small">Failed</div>
          <div className="n tabular" style={batch.failed > 0 ? { color: "var(--red)" } : undefined}>
            {num(batch.failed)}
          </div>
        </div>
      </div>
      <div className="muted small">Reason: {batch.reason}</div>
      <ul className="batch-items" aria-label="Orders in this refund">
        {batch.items.map((i) => {
          const s = ITEM[i.state];
          return (
            <li key={i.order_id} data-state={i.state}>
              <span className={`mark ${s.tone}`}>{s.icon}</span>
              <span className="mono">#{i.order_id}</span>
              <span className={i.state === "failed" ? "bad" : "muted"}>
                {s.label}
                {i.state === "failed" && i.message ? `: ${i.message}` : ""}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Sends the batch's failed orders (or its unrefunded rest) again, asking for a code when step-up is on. */
export function useResume() {
  const qc = useQueryClient();
  const toast = useToast();
  const live = useLive();
  const guard = useStepUpGuard();
  const resume = useMutation({
    mutationFn: (v: { id: number; retryFailed: boolean }) =>
      guard.run(
        (code) => resumeRefunds(v.id, v.retryFailed, code),
        v.retryFailed ? "Trying the failed orders again refunds them." : "Resuming refunds the orders that are left.",
      ),
    onSuccess: (b) => {
      qc.setQueryData(["refund-batch", b.id], b);
      live.watchBatch(b.id);
      void qc.invalidateQueries({ queryKey: ["refund-batches"] });
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", "The refunds did not start again", errorMessage(e));
    },
  });
  return { resume, dialog: guard.dialog };
}

/** A batch that is (or was) running: its progress and its outcome. */
export function BatchDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const q = useBatch(id);
  const qc = useQueryClient();
  const toast = useToast();
  const { resume, dialog } = useResume();
  const stop = useMutation({
    mutationFn: () => stopRefunds(id),
    onSuccess: (b) => {
      qc.setQueryData(["refund-batch", id], b);
      void qc.invalidateQueries({ queryKey: ["refund-batches"] });
    },
    onError: (e) => toast.show("error", "Not stopped", errorMessage(e)),
  });
  const b = q.data;
  const running = b?.state === "running";
  // The code dialog is the progress dialog's sibling: a dialog inside another would hand its
  // Escape to both.
  return (
    <>
      <Modal
        title={b ? `Refund of ${plural(b.total, "order")}` : "Refund of several orders"}
        onClose={onClose}
        wide
        footer={
          <>
            {running && <span className="muted small grow">Closing this does not stop the refunds.</span>}
            {running && (
              <button
                className="btn danger"
                onClick={() => stop.mutate()}
                disabled={stop.isPending}
                title="The orders not refunded yet stay as they are and are listed as not done"
                data-test="stop-refunds"
              >
                {stop.isPending ? <Spinner /> : <Square size={14} />} Stop
              </button>
            )}
            {b && !running && b.failed > 0 && (
              <button
                className="btn"
                onClick={() => resume.mutate({ id, retryFailed: true })}
                disabled={resume.isPending}
                data-test="retry-failed"
              >
                {resume.isPending ? <Spinner /> : <RotateCw size={15} />} Try the failed again
              </button>
            )}
            <button className="btn primary" onClick={onClose}>
              {running ? "Close" : "Done"}
            </button>
          </>
        }
      >
        {q.isLoading ? <Loading /> : q.isError ? <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} /> : b && <Progress batch={b} />}
      </Modal>
      {dialog}
    </>
  );
}

/** Refund the selected orders: the reason, then the batch's progress in the same dialog. */
export function BulkRefundDialog({
  orders,
  onStarted,
  onClose,
}: {
  orders: OrderRow[];
  onStarted: (batch: RefundBatch) => void;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const live = useLive();
  const stepUpStatus = useStepUpStatus();
  const reason = useReason();
  const stepUp = useStepUp(stepUpStatus.data?.enrolled ?? false);
  const [error, setError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<number | null>(null);
  const sending = useRef(false);
  const stars = orders.reduce((sum, o) => sum + o.stars, 0);
  const customers = new Set(orders.map((o) => o.customer_id)).size;
  const start = useMutation({
    mutationFn: (v: { category: Category; note: string; code: string | null }) =>
      startRefunds(
        orders.map((o) => o.id),
        v.category,
        v.note,
        v.code,
      ),
    onSuccess: (b) => {
      qc.setQueryData(["refund-batch", b.id], b);
      live.watchBatch(b.id);
      void qc.invalidateQueries({ queryKey: ["refund-batches"] });
      setBatchId(b.id);
      onStarted(b);
    },
    onError: (e) => {
      if (!stepUp.caught(e)) setError(errorMessage(e));
    },
    onSettled: () => {
      sending.current = false;
    },
  });
  const confirm = () => {
    if (sending.current || start.isPending) return;
    if (!reason.check() || reason.category === "") return;
    if (!stepUp.ready) return;
    sending.current = true;
    setError(null);
    start.mutate({ category: reason.category, note: reason.note.trim(), code: stepUp.value() });
  };

  if (batchId !== null) return <BatchDialog id={batchId} onClose={onClose} />;
  const busy = start.isPending;
  return (
    <Modal
      title={`Refund ${plural(orders.length, "order")}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn danger solid" onClick={confirm} disabled={busy || !stepUp.ready} data-test="confirm-bulk-refund">
            {busy ? <Spinner /> : <Undo2 size={15} />} Refund {plural(orders.length, "order")}
          </button>
        </>
      }
    >
      <div className="form">
        <div className="summary">
          <div>
            <div className="muted small">Orders</div>
            <div className="n tabular">{num(orders.length)}</div>
          </div>
          <div>
            <div className="muted small">Stars in all</div>
            <div className="n">
              <Stars n={stars} size={16} />
            </div>
          </div>
          <div>
            <div className="muted small">Customers</div>
            <div className="n tabular">{num(customers)}</div>
          </div>
        </div>
        <p className="refund-full">
          Telegram refunds Stars in full only: each order's whole amount goes back to its customer's balance,{" "}
          {num(stars)} Stars in all. Each customer is told, and codes the orders delivered are revoked.
        </p>
        <div className="muted small">
          The orders are refunded one by one; you can close this dialog while it runs.
        </div>
        <ReasonFields reason={reason} disabled={busy} />
        <StepUpField stepUp={stepUp} onEnter={confirm} />
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <AlertTriangle size={18} color="var(--red)" />
            <div className="grow">
              <h3>Not started</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}

/** A batch this window follows that finished with failures: offered until dismissed. */
function FinishedBanner({ id, onShow }: { id: number; onShow: (id: number) => void }) {
  const live = useLive();
  const q = useBatch(id);
  const { resume, dialog } = useResume();
  const b = q.data;
  if (!b || b.state === "running" || b.failed === 0) return null;
  return (
    <section className="banner error" aria-label={`Refund of ${plural(b.total, "order")}`}>
      <AlertTriangle size={18} color="var(--red)" />
      <div className="grow">
        <h3>
          A refund of {plural(b.total, "order")} finished with {num(b.failed)} not refunded
        </h3>
        <p>Telegram refused them or could not be reached; the list says why.</p>
      </div>
      <button className="btn" onClick={() => onShow(id)}>
        Show the list
      </button>
      <button className="btn primary" onClick={() => resume.mutate({ id, retryFailed: true })} disabled={resume.isPending}>
        {resume.isPending ? <Spinner /> : <RotateCw size={15} />} Try the failed again
      </button>
      <button className="btn ghost icon-only" aria-label="Dismiss" title="Dismiss" onClick={() => live.forgetBatch(id)}>
        <X size={16} />
      </button>
      {dialog}
    </section>
  );
}

function UnfinishedBanner({ batch: b, onShow }: { batch: RefundBatch; onShow: (id: number) => void }) {
  const live = useLive();
  const qc = useQueryClient();
  const toast = useToast();
  const { resume, dialog } = useResume();
  const stop = useMutation({
    mutationFn: () => stopRefunds(b.id),
    onSuccess: (done) => {
      qc.setQueryData(["refund-batch", b.id], done);
      live.watchBatch(b.id);
      void qc.invalidateQueries({ queryKey: ["refund-batches"] });
      onShow(b.id);
    },
    onError: (e) => toast.show("error", "Not stopped", errorMessage(e)),
  });
  // Running in this app (started from another window, or before this one reloaded) is not cut short.
  if (b.running_here || live.runningBatches.has(b.id)) {
    return (
      <section className="banner demo" aria-label={`Refund of ${plural(b.total, "order")}`}>
        <div className="icon">
          <Spinner />
        </div>
        <div className="grow">
          <h3>
            Refunding {plural(b.total, "order")}: {num(b.done)} done
          </h3>
          <p>Each customer is told as their order is refunded.</p>
        </div>
        <button className="btn" onClick={() => onShow(b.id)}>
          Show progress
        </button>
      </section>
    );
  }
  return (
    <section className="banner warn" aria-label={`Refund of ${plural(b.total, "order")}`}>
      <AlertTriangle size={18} color="var(--amber)" />
      <div className="grow">
        <h3>
          A refund of {plural(b.total, "order")} stopped at {num(b.done)}
        </h3>
        <p>The app was closed while it ran. Resume it, or stop it and see which orders were not refunded.</p>
      </div>
      <button className="btn" onClick={() => stop.mutate()} disabled={stop.isPending || resume.isPending}>
        {stop.isPending ? <Spinner /> : <Square size={14} />} Stop and list what was not done
      </button>
      <button
        className="btn primary"
        onClick={() =>
          resume.mutate(
            { id: b.id, retryFailed: false },
            { onSuccess: () => onShow(b.id) },
          )
        }
        disabled={stop.isPending || resume.isPending}
        data-test="resume-refunds"
      >
        {resume.isPending ? <Spinner /> : <Play size={15} />} Resume
      </button>
      {dialog}
    </section>
  );
}

/** Orders' banners for refund batches: running, cut short, or finished with failures. */
export function BatchBanners({ onShow }: { onShow: (id: number) => void }) {
  const live = useLive();
  const unfinished = useQuery({ queryKey: ["refund-batches"], queryFn: unfinishedRefunds });
  const open = unfinished.data ?? [];
  const openIds = new Set(open.map((b) => b.id));
  return (
    <>
      {open.map((b) => (
        <UnfinishedBanner key={b.id} batch={b} onShow={onShow} />
      ))}
      {live.batches
        .filter((id) => !openIds.has(id))
        .map((id) => (
          <FinishedBanner key={id} id={id} onShow={onShow} />
        ))}
    </>
  );
}
