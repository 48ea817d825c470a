// Refunding one order from its drawer: what goes back and what is taken away, why, and, with
// step-up on, a code from the authenticator app.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Undo2 } from "lucide-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Category } from "../../bindings/Category";
import { errorMessage } from "../../api/invoke";
import { refundOrder, refundPreview } from "../../api/refunds";
import { StepUpField, useStepUp } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Modal, Spinner, Stars } from "../../components/ui";
import { num } from "../../lib/format";

/** The reasons the dialog offers, in its order; each one's label is `refund.category.<value>`. */
export const CATEGORIES: Category[] = ["customer_request", "not_delivered", "duplicate", "fraud", "other"];

/** The longest note on a refund (the Rust side's `MAX_NOTE`). */
export const NOTE_MAX = 500;

export interface Reason {
  category: Category | "";
  note: string;
  setCategory(c: Category | ""): void;
  setNote(n: string): void;
  /** What is wrong with the reason, shown once the merchant tried to confirm. */
  problem: { field: "category" | "note"; message: string } | null;
  shown: boolean;
  /** Shows the problems; true when there are none. */
  check(): boolean;
}

export function useReason(): Reason {
  const { t } = useTranslation("orders");
  const [category, setCategory] = useState<Category | "">("");
  const [note, setNote] = useState("");
  const [shown, setShown] = useState(false);
  const length = [...note.trim()].length;
  const problem: Reason["problem"] =
    category === ""
      ? { field: "category", message: t("refund.problem.category") }
      : category === "other" && length === 0
        ? { field: "note", message: t("refund.problem.note") }
        : length > NOTE_MAX
          ? { field: "note", message: t("refund.problem.tooLong", { max: num(NOTE_MAX) }) }
          : null;
  return {
    category,
    note,
    setCategory,
    setNote,
    problem,
    shown,
    check: () => {
      setShown(true);
      return problem === null;
    },
  };
}

/** The reason's select and note, the same for one order and for several. */
export function ReasonFields({ reason, disabled }: { reason: Reason; disabled?: boolean }) {
  const { t } = useTranslation("orders");
  const error = (field: "category" | "note") => (reason.shown && reason.problem?.field === field ? reason.problem.message : null);
  return (
    <>
      <Field label={t("refund.reason")} error={error("category")}>
        {(p) => (
          <select
            {...p}
            className="select"
            name="refund-reason"
            // Mounted once what the refund does is known; the reason is the first thing to give.
            autoFocus
            value={reason.category}
            disabled={disabled}
            onChange={(e) => reason.setCategory(e.target.value as Category | "")}
            data-test="refund-reason"
          >
            <option value="">{t("refund.chooseReason")}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`refund.category.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={reason.category === "other" ? t("refund.note") : t("refund.noteOptional")}
        error={error("note")}
        counter={`${num([...reason.note].length)}/${num(NOTE_MAX)}`}
        hint={t("refund.noteHint")}
      >
        {(p) => (
          <textarea
            {...p}
            className="textarea"
            name="refund-note"
            rows={3}
            value={reason.note}
            disabled={disabled}
            placeholder={reason.category === "other" ? t("refund.notePlaceholderOther") : t("refund.notePlaceholder")}
            onChange={(e) => reason.setNote(e.target.value)}
            data-test="refund-note"
          />
        )}
      </Field>
    </>
  );
}

/** A customer's refunds of the last 90 days and what they spent: what a refund decision weighs. */
/** What a refund takes back besides the Stars, in words. */
export function Loses({ items, none }: { items: string[]; none: string }) {
  const { t } = useTranslation("orders");
  return (
    <div>
      <div className="section-title">{t("refund.loses")}</div>
      {items.length === 0 ? (
        <div className="muted small">{none}</div>
      ) : (
        <ul className="revokes">
          {items.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Why a refund was refused, in the dialog that asked for it. */
export function NotRefunded({ error }: { error: string }) {
  const { t } = useTranslation("orders");
  return (
    <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
      <AlertTriangle size={18} color="var(--red)" />
      <div className="grow">
        <h3>{t("refund.notRefunded")}</h3>
        <p>{error}</p>
      </div>
    </div>
  );
}

export function CustomerHistory({ refunds90d, spent }: { refunds90d: number; spent: number }) {
  const { t } = useTranslation("orders");
  return (
    <div className="row wrap small">
      <span className={`badge ${refunds90d > 0 ? "amber" : ""}`}>
        {refunds90d === 0 ? t("refund.noRefunds") : t("refund.refunds90d", { count: refunds90d })}
      </span>
      <span className="muted">
        <Stars n={spent} size={12} /> {t("refund.spentInAll")}
      </span>
    </div>
  );
}

/** The refund dialog for one order: it reads what the refund will do first. */
export function RefundDialog({ orderId: id, onClose }: { orderId: number; onClose: () => void }) {
  const { t } = useTranslation(["orders", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: ["refund-preview", id], queryFn: () => refundPreview(id), staleTime: 0 });
  const preview = q.data;
  const reason = useReason();
  const stepUp = useStepUp(preview?.needs_code ?? false);
  const [error, setError] = useState<string | null>(null);
  // `isPending` reaches the button a render later; a double click is quicker than that.
  const sending = useRef(false);
  const refund = useMutation({
    mutationFn: (v: { category: Category; note: string; code: string | null }) => refundOrder(id, v.category, v.note, v.code),
    onSuccess: (done) => {
      if (done === "now") {
        toast.show(
          "success",
          t("refund.toast.done", { id }),
          preview && t("refund.toast.doneBody", { count: preview.stars, name: preview.customer_name }),
        );
      } else {
        toast.show("info", t("refund.toast.before", { id }));
      }
      for (const key of ["order", "orders-page", "orders-count", "refund-preview", "customer-orders"]) {
        void qc.invalidateQueries({ queryKey: [key] });
      }
      onClose();
    },
    onError: (e) => {
      if (!stepUp.caught(e)) setError(errorMessage(e));
    },
    onSettled: () => {
      sending.current = false;
    },
  });
  const refundable = preview !== undefined && preview.status !== "refunded";
  const confirm = () => {
    if (!refundable || sending.current || refund.isPending) return;
    if (!reason.check() || reason.category === "") return;
    if (!stepUp.ready) return;
    sending.current = true;
    setError(null);
    refund.mutate({ category: reason.category, note: reason.note.trim(), code: stepUp.value() });
  };
  const busy = refund.isPending;

  return (
    <Modal
      title={t("refund.title", { id })}
      onClose={onClose}
      footer={
        refundable ? (
          <>
            <button className="btn" onClick={onClose}>
              {t("common:actions.cancel")}
            </button>
            <button className="btn danger solid" onClick={confirm} disabled={busy || !stepUp.ready} data-test="confirm-refund">
              {busy ? <Spinner /> : <Undo2 size={15} />} {t("refund.confirm", { count: preview.stars })}
            </button>
          </>
        ) : (
          <button className="btn" onClick={onClose}>
            {t("common:actions.close")}
          </button>
        )
      }
    >
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : !refundable ? (
        <p style={{ margin: 0 }}>{t("refund.already", { id })}</p>
      ) : (
        <div className="form">
          <div className="kv">
            <div className="k">{t("refund.amount")}</div>
            <div className="v">
              <Stars n={preview.stars} />
            </div>
            <div className="k">{t("refund.customer")}</div>
            <div className="v">{preview.customer_name}</div>
            <div className="k">{t("refund.product")}</div>
            <div className="v">{preview.product_title}</div>
            <div className="k">{t("refund.history")}</div>
            <div className="v">
              <CustomerHistory refunds90d={preview.refunds_90d} spent={preview.total_spent} />
            </div>
          </div>
          <p className="refund-full">{t("refund.full", { count: preview.stars })}</p>
          <Loses items={preview.revokes} none={t("refund.nothingElse")} />
          {preview.also.length > 0 && (
            <div>
              <div className="section-title">{t("refund.also")}</div>
              <ul className="revokes">
                {preview.also.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </div>
          )}
          <ReasonFields reason={reason} disabled={busy} />
          <StepUpField stepUp={stepUp} onEnter={confirm} />
          {error && <NotRefunded error={error} />}
        </div>
      )}
    </Modal>
  );
}
