// Refunding several orders at once: the reason and the count, then each order's outcome as it
// comes. The batch runs in the app, not in this dialog: closing it stops nothing, and a batch cut
// short (the app quit halfway) is offered again on the Orders page.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Clock, MinusCircle, Play, RotateCw, Square, Undo2, X, XCircle } from "lucide-react";
import { type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BatchItem } from "../../bindings/BatchItem";
import type { Category } from "../../bindings/Category";
import type { OrderRow } from "../../bindings/OrderRow";
import type { RefundBatch } from "../../bindings/RefundBatch";
import { errorMessage } from "../../api/invoke";
import { refundBatch, resumeRefunds, startRefunds, stopRefunds, unfinishedRefunds } from "../../api/refunds";
import { StepUpField, isCancelled, useStepUp, useStepUpGuard } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { ErrorState, Loading, Modal, Spinner, Stars } from "../../components/ui";
import { num } from "../../lib/format";
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

/** Each item state's mark; its words are `batch.item.<state>`. */
const ITEM: Record<BatchItem["state"], { icon: ReactNode; tone: string }> = {
  pending: { icon: <Clock size={14} />, tone: "wait" },
  refunded: { icon: <CheckCircle2 size={14} />, tone: "ok" },
  already: { icon: <CheckCircle2 size={14} />, tone: "ok" },
  failed: { icon: <XCircle size={14} />, tone: "bad" },
  skipped: { icon: <MinusCircle size={14} />, tone: "wait" },
};

function Progress({ batch }: { batch: RefundBatch }) {
  const { t } = useTranslation("orders");
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
              ? t("batch.running", { done: num(batch.done), count: batch.total })
              : batch.state === "discarded" || skipped > 0
                ? t("batch.stopped", { done: num(batch.done - skipped), count: batch.total })
                : t("batch.allDone", { count: batch.total })}
          </span>
          {running && <Spinner />}
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label={t("batch.progressLabel")}
          aria-valuemin={0}
          aria-valuemax={batch.total}
          aria-valuenow={batch.done}
          aria-valuetext={t("batch.progressText", { done: num(batch.done), total: num(batch.total) })}
        >
          <div style={{ width: `${pct}%` }} />
        </div>
      </div>
      <div className="summary">
        <div>
          <div className="muted small">{t("batch.refunded")}</div>
          <div className="n tabular">{num(refunded)}</div>
        </div>
        <div>
          <div className="muted small">{t("batch.refundedBefore")}</div>
          <div className="n tabular">{num(already)}</div>
        </div>
        <div>
          <div className="muted small">{t("batch.failed")}</div>
          <div className="n tabular" style={batch.failed > 0 ? { color: "var(--red)" } : undefined}>
            {num(batch.failed)}
          </div>
        </div>
      </div>
      <div className="muted small">{t("batch.reason", { reason: batch.reason })}</div>
      <ul className="batch-items" aria-label={t("batch.itemsLabel")}>
        {batch.items.map((i) => {
          const s = ITEM[i.state];
          return (
            <li key={i.order_id} data-state={i.state}>
              <span className={`mark ${s.tone}`}>{s.icon}</span>
              <span className="mono">#{i.order_id}</span>
              <span className={i.state === "failed" ? "bad" : "muted"}>
                {t(`batch.item.${i.state}`)}
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
  const { t } = useTranslation("orders");
  const qc = useQueryClient();
  const toast = useToast();
  const live = useLive();
  const guard = useStepUpGuard();
  const resume = useMutation({
    mutationFn: (v: { id: number; retryFailed: boolean }) =>
      guard.run(
        (code) => resumeRefunds(v.id, v.retryFailed, code),
        v.retryFailed ? t("batch.retryFailedWhy") : t("batch.resumeWhy"),
      ),
    onSuccess: (b) => {
      qc.setQueryData(["refund-batch", b.id], b);
      live.watchBatch(b.id);
      void qc.invalidateQueries({ queryKey: ["refund-batches"] });
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", t("batch.notRestarted"), errorMessage(e));
    },
  });
  return { resume, dialog: guard.dialog };
}

/** A batch that is (or was) running: its progress and its outcome. */
export function BatchDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation(["orders", "common"]);
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
    onError: (e) => toast.show("error", t("batch.notStopped"), errorMessage(e)),
  });
  const b = q.data;
  const running = b?.state === "running";
  // The code dialog is the progress dialog's sibling: a dialog inside another would hand its
  // Escape to both.
  return (
    <>
      <Modal
        title={b ? t("batch.title", { count: b.total }) : t("batch.titleSeveral")}
        onClose={onClose}
        wide
        footer={
          <>
            {running && <span className="muted small grow">{t("batch.closingNote")}</span>}
            {running && (
              <button
                className="btn danger"
                onClick={() => stop.mutate()}
                disabled={stop.isPending}
                title={t("batch.stopTitle")}
                data-test="stop-refunds"
              >
                {stop.isPending ? <Spinner /> : <Square size={14} />} {t("batch.stop")}
              </button>
            )}
            {b && !running && b.failed > 0 && (
              <button
                className="btn"
                onClick={() => resume.mutate({ id, retryFailed: true })}
                disabled={resume.isPending}
                data-test="retry-failed"
              >
                {resume.isPending ? <Spinner /> : <RotateCw size={15} />} {t("batch.retryFailed")}
              </button>
            )}
            <button className="btn primary" onClick={onClose}>
              {running ? t("common:actions.close") : t("common:actions.done")}
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
  const { t } = useTranslation(["orders", "common"]);
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
      title={t("batch.bulkTitle", { count: orders.length })}
      onClose={onClose}
      wide
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn danger solid" onClick={confirm} disabled={busy || !stepUp.ready} data-test="confirm-bulk-refund">
            {busy ? <Spinner /> : <Undo2 size={15} />} {t("batch.bulkTitle", { count: orders.length })}
          </button>
        </>
      }
    >
      <div className="form">
        <div className="summary">
          <div>
            <div className="muted small">{t("batch.orders")}</div>
            <div className="n tabular">{num(orders.length)}</div>
          </div>
          <div>
            <div className="muted small">{t("batch.starsInAll")}</div>
            <div className="n">
              <Stars n={stars} size={16} />
            </div>
          </div>
          <div>
            <div className="muted small">{t("batch.customers")}</div>
            <div className="n tabular">{num(customers)}</div>
          </div>
        </div>
        <p className="refund-full">{t("batch.full", { count: stars })}</p>
        <div className="muted small">{t("batch.oneByOne")}</div>
        <ReasonFields reason={reason} disabled={busy} />
        <StepUpField stepUp={stepUp} onEnter={confirm} />
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <AlertTriangle size={18} color="var(--red)" />
            <div className="grow">
              <h3>{t("batch.notStarted")}</h3>
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
  const { t } = useTranslation("orders");
  const live = useLive();
  const q = useBatch(id);
  const { resume, dialog } = useResume();
  const b = q.data;
  if (!b || b.state === "running" || b.failed === 0) return null;
  return (
    <section className="banner error" aria-label={t("batch.title", { count: b.total })}>
      <AlertTriangle size={18} color="var(--red)" />
      <div className="grow">
        <h3>{t("batch.finished", { count: b.total, failed: num(b.failed) })}</h3>
        <p>{t("batch.finishedWhy")}</p>
      </div>
      <button className="btn" onClick={() => onShow(id)}>
        {t("batch.showList")}
      </button>
      <button className="btn primary" onClick={() => resume.mutate({ id, retryFailed: true })} disabled={resume.isPending}>
        {resume.isPending ? <Spinner /> : <RotateCw size={15} />} {t("batch.retryFailed")}
      </button>
      <button className="btn ghost icon-only" aria-label={t("batch.dismiss")} title={t("batch.dismiss")} onClick={() => live.forgetBatch(id)}>
        <X size={16} />
      </button>
      {dialog}
    </section>
  );
}

function UnfinishedBanner({ batch: b, onShow }: { batch: RefundBatch; onShow: (id: number) => void }) {
  const { t } = useTranslation("orders");
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
    onError: (e) => toast.show("error", t("batch.notStopped"), errorMessage(e)),
  });
  // Running in this app (started from another window, or before this one reloaded) is not cut short.
  if (b.running_here || live.runningBatches.has(b.id)) {
    return (
      <section className="banner demo" aria-label={t("batch.title", { count: b.total })}>
        <div className="icon">
          <Spinner />
        </div>
        <div className="grow">
          <h3>{t("batch.refunding", { count: b.total, done: num(b.done) })}</h3>
          <p>{t("batch.refundingNote")}</p>
        </div>
        <button className="btn" onClick={() => onShow(b.id)}>
          {t("batch.showProgress")}
        </button>
      </section>
    );
  }
  return (
    <section className="banner warn" aria-label={t("batch.title", { count: b.total })}>
      <AlertTriangle size={18} color="var(--amber)" />
      <div className="grow">
        <h3>{t("batch.cutShort", { count: b.total, done: num(b.done) })}</h3>
        <p>{t("batch.cutShortWhy")}</p>
      </div>
      <button className="btn" onClick={() => stop.mutate()} disabled={stop.isPending || resume.isPending}>
        {stop.isPending ? <Spinner /> : <Square size={14} />} {t("batch.stopAndList")}
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
        {resume.isPending ? <Spinner /> : <Play size={15} />} {t("batch.resume")}
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
