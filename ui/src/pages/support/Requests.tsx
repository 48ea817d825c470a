// Refund requests: what customers asked for from the chat, newest first, decided one after
// another from the keyboard (j/k to move, a to approve, d to decline).

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Check, ExternalLink, Inbox, MessageCircle, X } from "lucide-react";
import i18next from "i18next";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RefundRequest } from "../../bindings/RefundRequest";
import type { RequestState } from "../../bindings/RequestState";
import { requestsExport } from "../../api/commands";
import { errorMessage } from "../../api/invoke";
import { ExportButton } from "../../components/ExportButton";
import { approveRequest, declineRequest, refundRequests } from "../../api/support";
import { isCancelled, useStepUpGuard } from "../../components/StepUp";
import { useToast } from "../../components/Toasts";
import { Avatar, CopyButton, EmptyState, ErrorState, Field, Loading, Modal, OrderStatus, Segmented, Spinner, Stars } from "../../components/ui";
import { ago, dateTime, num } from "../../lib/format";
import { useNav } from "../../nav";
import { useTemplates } from "../../queries";
import { CustomerHistory } from "../orders/Refund";

/** The longest decline message (the Rust side's `MAX_ANSWER`). */
const ANSWER_MAX = 1000;

/** Each state's badge colour (its name: `support:requests.state.*`). */
const STATE: Record<RequestState, { tone: string }> = {
  open: { tone: "blue" },
  approved: { tone: "green" },
  declined: { tone: "" },
};

export function RequestBadge({ state }: { state: RequestState }) {
  const { t } = useTranslation("support");
  return <span className={`badge ${STATE[state].tone}`}>{t(`requests.state.${state}`)}</span>;
}

/** Keys typed into a field, or with a dialog open, are not shortcuts. */
export function typing(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return true;
  const t = e.target;
  if (t instanceof HTMLElement && t.closest("input, textarea, select, [contenteditable='true']")) return true;
  return document.querySelector("dialog[open]") !== null;
}

function DeclineDialog({ request, onClose }: { request: RefundRequest; onClose: () => void }) {
  const { t } = useTranslation("support");
  const { t: tc } = useTranslation("common");
  const qc = useQueryClient();
  const toast = useToast();
  const templates = useTemplates();
  const decline = templates.data?.decline ?? [];
  const [choice, setChoice] = useState("");
  const [message, setMessage] = useState("");
  const [edited, setEdited] = useState(false);
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sending = useRef(false);

  // The first template fills the box until the merchant writes their own.
  useEffect(() => {
    if (!edited && message === "" && decline.length > 0) {
      setChoice("0");
      setMessage(decline[0].body);
    }
    // Only when the templates arrive.
  }, [templates.data]);

  const length = [...message.trim()].length;
  const problem =
    length === 0
      ? t("requests.decline.missing")
      : length > ANSWER_MAX
        ? t("requests.decline.tooLong", { max: num(ANSWER_MAX) })
        : null;

  const m = useMutation({
    mutationFn: () => declineRequest(request.id, message.trim()),
    onSuccess: () => {
      toast.show("success", i18next.t("support:requests.decline.done", { id: request.id }), i18next.t("support:requests.decline.doneBody"));
      for (const key of ["requests", "support-counts", "conversations", "messages"]) void qc.invalidateQueries({ queryKey: [key] });
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
    onSettled: () => {
      sending.current = false;
    },
  });
  const confirm = () => {
    setShown(true);
    if (problem || sending.current) return;
    sending.current = true;
    setError(null);
    m.mutate();
  };

  return (
    <Modal
      title={t("requests.decline.title", { id: request.id })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {tc("actions.cancel")}
          </button>
          <button className="btn danger solid" onClick={confirm} disabled={m.isPending} data-test="confirm-decline">
            {m.isPending ? <Spinner /> : <X size={15} />} {t("requests.decline.confirm")}
          </button>
        </>
      }
    >
      <div className="form">
        <p style={{ margin: 0 }}>
          {t("requests.decline.intro", { order: request.order_id, name: request.customer_name })}
        </p>
        <Field label={t("requests.decline.template")}>
          {(p) => (
            <select
              {...p}
              className="select"
              value={choice}
              onChange={(e) => {
                setChoice(e.target.value);
                const t = decline[Number(e.target.value)];
                if (t) setMessage(t.body);
              }}
            >
              <option value="">{t("requests.decline.own")}</option>
              {decline.map((t, i) => (
                <option key={i} value={i}>
                  {t.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("requests.decline.message")} error={shown ? problem : null} counter={`${num([...message].length)}/${num(ANSWER_MAX)}`}>
          {(p) => (
            <textarea
              {...p}
              className="textarea"
              rows={6}
              name="decline-message"
              value={message}
              onChange={(e) => {
                setEdited(true);
                setMessage(e.target.value);
              }}
              data-test="decline-message"
            />
          )}
        </Field>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <AlertTriangle size={18} color="var(--red)" />
            <div className="grow">
              <h3>{t("requests.decline.failed")}</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}

function Decision({ r }: { r: RefundRequest }) {
  const { t } = useTranslation("support");
  if (r.state === "open") return null;
  const who = r.decided_by === "rule" ? t("requests.decision.rule") : (r.decider ?? t("requests.decision.someone"));
  return (
    <section>
      <div className="section-title">{t("requests.decision.title")}</div>
      <p style={{ margin: 0 }}>
        {r.state === "approved" ? t("requests.decision.approved", { who }) : t("requests.decision.declined", { who })}
        {r.decided_at !== null && <span className="muted"> · {dateTime(r.decided_at)}</span>}
      </p>
      {r.answer && <blockquote className="quote">{r.answer}</blockquote>}
    </section>
  );
}

function RequestDetail({
  r,
  approving,
  onApprove,
  onDecline,
  onConversation,
}: {
  r: RefundRequest;
  approving: boolean;
  onApprove: () => void;
  onDecline: () => void;
  onConversation: (customerId: number) => void;
}) {
  const { t } = useTranslation("support");
  const nav = useNav();
  return (
    <div className="support-detail" data-test="request-detail" data-request-id={r.id} aria-label={t("requests.detail.label", { id: r.id })} role="region">
      <div className="detail-head">
        <h2>{t("requests.detail.title", { id: r.id })}</h2>
        <RequestBadge state={r.state} />
        <span className="muted small grow">{t("requests.detail.asked", { ago: ago(r.created_at) })}</span>
        {r.state === "open" && (
          <>
            <button
              className="btn danger"
              onClick={onDecline}
              aria-keyshortcuts="d"
              title={t("requests.detail.declineTitle", { key: "d" })}
              data-test="decline-request"
            >
              <X size={15} /> {t("requests.detail.decline")}
            </button>
            <button
              className="btn primary"
              onClick={onApprove}
              disabled={approving}
              aria-keyshortcuts="a"
              title={t("requests.detail.approveTitle", { key: "a" })}
              data-test="approve-request"
            >
              {approving ? <Spinner /> : <Check size={15} />} {t("requests.detail.approve", { count: r.stars })}
            </button>
          </>
        )}
      </div>
      {r.state === "open" && r.last_error && (
        <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
          <AlertTriangle size={18} color="var(--red)" />
          <div className="grow">
            <h3>{t("requests.detail.lastFailed")}</h3>
            <p>{r.last_error}</p>
          </div>
        </div>
      )}
      <section>
        <div className="section-title">{t("requests.detail.reason")}</div>
        {/* The customer's words as text: React escapes them, nothing is read as HTML. */}
        <blockquote className="quote">{r.reason}</blockquote>
      </section>
      <section>
        <div className="section-title">{t("requests.detail.order")}</div>
        <div className="kv">
          <div className="k">{t("requests.detail.order")}</div>
          <div className="v row">
            <span className="mono">#{r.order_id}</span>
            <OrderStatus status={r.order_status} />
            <button className="btn sm ghost" onClick={() => nav.go({ page: "orders", orderId: r.order_id })} data-test="open-order">
              <ExternalLink size={13} /> {t("openInOrders")}
            </button>
          </div>
          <div className="k">{t("requests.detail.product")}</div>
          <div className="v">{r.product_title}</div>
          <div className="k">{t("requests.detail.amount")}</div>
          <div className="v">
            <Stars n={r.stars} />
          </div>
          <div className="k">{t("requests.detail.paid")}</div>
          <div className="v">{dateTime(r.paid_at)}</div>
          <div className="k">{t("requests.detail.delivered")}</div>
          <div className="v">{r.delivered_at !== null ? dateTime(r.delivered_at) : <span className="muted">{t("requests.detail.notDelivered")}</span>}</div>
          {r.code !== null && (
            <>
              <div className="k">{t("requests.detail.code")}</div>
              <div className="v row">
                <span className="mono">{r.code}</span>
                <CopyButton text={r.code} label={t("requests.detail.copyCode")} />
              </div>
            </>
          )}
        </div>
      </section>
      <section>
        <div className="section-title">{t("requests.detail.customer")}</div>
        <div className="row">
          <Avatar id={r.customer_id} name={r.customer_name} large />
          <div className="grow">
            <div style={{ fontWeight: 600 }}>{r.customer_name}</div>
            <div className="muted small">
              {r.username ? `@${r.username} · ` : ""}
              {t("telegramId", { id: r.customer_id })}
            </div>
          </div>
          <button className="btn sm" onClick={() => onConversation(r.customer_id)}>
            <MessageCircle size={14} /> {t("requests.detail.conversation")}
          </button>
        </div>
        <div style={{ marginTop: 10 }}>
          <CustomerHistory refunds90d={r.refunds_90d} spent={r.total_spent} />
        </div>
      </section>
      <Decision r={r} />
    </div>
  );
}

export function RequestsPanel({ onConversation }: { onConversation: (customerId: number) => void }) {
  const { t } = useTranslation("support");
  const qc = useQueryClient();
  const toast = useToast();
  const guard = useStepUpGuard();
  const [shown, setShown] = useState<"open" | "all">("open");
  const q = useQuery({ queryKey: ["requests", shown], queryFn: () => refundRequests(shown === "open" ? "open" : null) });
  const list = q.data ?? [];
  const [selectedId, setSelectedId] = useState<number | null>(null);
  // Where the selection was: a request decided drops out of "Open", and the one after it is next.
  const place = useRef(0);
  const found = list.findIndex((r) => r.id === selectedId);
  const index = found >= 0 ? found : Math.min(place.current, list.length - 1);
  const selected = index >= 0 ? list[index] : null;
  place.current = Math.max(0, index);
  const [declining, setDeclining] = useState<RefundRequest | null>(null);
  const approving = useRef(false);
  const listRef = useRef<HTMLDivElement>(null);

  const approve = useMutation({
    mutationFn: (r: RefundRequest) =>
      guard.run((code) => approveRequest(r.id, code), i18next.t("support:requests.approve.stepUp", { id: r.id, count: r.stars })),
    onSuccess: (r) => {
      toast.show("success", i18next.t("support:requests.approve.done", { id: r.id, order: r.order_id }), i18next.t("support:requests.approve.doneBody"));
    },
    onError: (e) => {
      if (!isCancelled(e)) toast.show("error", i18next.t("support:requests.approve.failed"), errorMessage(e));
    },
    onSettled: () => {
      approving.current = false;
      for (const key of ["requests", "support-counts", "conversations", "messages"]) void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  const startApprove = (r: RefundRequest | null) => {
    if (!r || r.state !== "open" || approving.current) return;
    approving.current = true;
    approve.mutate(r);
  };
  const select = (i: number) => {
    const r = list[Math.max(0, Math.min(list.length - 1, i))];
    if (!r) return;
    setSelectedId(r.id);
    listRef.current?.querySelector(`[data-request-id="${r.id}"]`)?.scrollIntoView({ block: "nearest" });
  };

  // The page's shortcuts, kept current without listening again on every render.
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    if (typing(e)) return;
    const action: Record<string, () => void> = {
      j: () => select(index + 1),
      k: () => select(index - 1),
      a: () => startApprove(selected),
      d: () => selected?.state === "open" && setDeclining(selected),
    };
    const f = action[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="support-split">
      <div className="support-list">
        <div className="list-head row">
          <Segmented
            label={t("requests.filter.label")}
            value={shown}
            onChange={(v) => {
              setShown(v);
              place.current = 0;
            }}
            options={[
              { value: "open", label: t("requests.filter.open") },
              { value: "all", label: t("requests.filter.all") },
            ]}
          />
          <ExportButton
            run={() => requestsExport(shown === "open" ? "open" : null)}
            row="request"
            label="CSV"
            className="btn sm"
            disabled={list.length === 0}
            test="requests-export"
            title={shown === "open" ? t("requests.export.open") : t("requests.export.all")}
          />
        </div>
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState icon={<Inbox size={24} />} title={shown === "open" ? t("requests.empty.open") : t("requests.empty.all")}>
            {t("requests.empty.body")}
          </EmptyState>
        ) : (
          <div
            ref={listRef}
            className="items"
            role="listbox"
            aria-label={t("tabs.requests")}
            tabIndex={0}
            aria-activedescendant={selected ? `request-${selected.id}` : undefined}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                select(index + (e.key === "ArrowDown" ? 1 : -1));
              }
            }}
          >
            {list.map((r) => (
              <div
                key={r.id}
                id={`request-${r.id}`}
                role="option"
                aria-selected={r.id === selected?.id}
                className="item"
                data-request-id={r.id}
                onClick={() => setSelectedId(r.id)}
              >
                <Avatar id={r.customer_id} name={r.customer_name} />
                <div className="grow" style={{ minWidth: 0 }}>
                  <div className="row">
                    <span className="name ellipsis grow">{r.customer_name}</span>
                    <span className="muted small">{ago(r.created_at)}</span>
                  </div>
                  <div className="row small">
                    <span className="muted ellipsis grow">
                      #{r.order_id} · {r.product_title}
                    </span>
                    <Stars n={r.stars} size={12} />
                  </div>
                  {(r.state !== "open" || r.last_error) && (
                    <div className="row small" style={{ marginTop: 3 }}>
                      {r.state !== "open" && <RequestBadge state={r.state} />}
                      {r.state === "open" && r.last_error && <span className="badge red">{t("requests.approvalFailed")}</span>}
                    </div>
                  )}
                </div>
              </div>
            ))}
          </div>
        )}
        <div className="list-foot">{t("requests.shortcuts")}</div>
      </div>
      {selected ? (
        <RequestDetail
          r={selected}
          approving={approve.isPending}
          onApprove={() => startApprove(selected)}
          onDecline={() => setDeclining(selected)}
          onConversation={onConversation}
        />
      ) : (
        <div className="support-detail">
          {!q.isLoading && <EmptyState title={t("requests.none.title")}>{t("requests.none.body")}</EmptyState>}
        </div>
      )}
      {declining && <DeclineDialog request={declining} onClose={() => setDeclining(null)} />}
      {guard.dialog}
    </div>
  );
}
