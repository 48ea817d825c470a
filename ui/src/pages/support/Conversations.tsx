// Conversations: what customers write to the bot, one conversation per customer, answered from
// here through the bot; the customer's orders beside it.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, ExternalLink, MessageCircle, SendHorizontal, Undo2 } from "lucide-react";
import i18next from "i18next";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation } from "../../bindings/Conversation";
import type { ConversationStatus } from "../../bindings/ConversationStatus";
import type { SupportMessage } from "../../bindings/SupportMessage";
import { errorMessage } from "../../api/invoke";
import { conversationMessages, conversations, markRead, reply, setConversationStatus } from "../../api/support";
import { useToast } from "../../components/Toasts";
import { Avatar, EmptyState, ErrorState, Loading, OrderStatus, Segmented, Spinner, Stars } from "../../components/ui";
import { ago, date, dateTime, num, time } from "../../lib/format";
import { useNav } from "../../nav";
import { useCustomerOrders, useTemplates } from "../../queries";

/** The longest reply (the Rust side's `MAX_REPLY`). */
const REPLY_MAX = 4000;

/** Each status's badge colour (its name: `support:conversations.status.*`). */
const STATUS: Record<ConversationStatus, { tone: string }> = {
  open: { tone: "blue" },
  waiting: { tone: "amber" },
  resolved: { tone: "green" },
};

type Shown = ConversationStatus | "all";

function Message({ m }: { m: SupportMessage }) {
  const { t } = useTranslation("support");
  const mine = m.author !== "customer";
  return (
    <div className={`msg ${mine ? "out" : "in"}`} data-author={m.author} data-state={m.state}>
      {/* As written: React shows it as text, never HTML. */}
      <div className={`bubble ${mine ? "me" : ""} ${m.state === "failed" ? "failed" : ""}`}>{m.body}</div>
      <div className="meta">
        {m.author === "bot" && <span className="badge">{t("conversations.message.bot")}</span>}
        {m.author === "operator" && m.author_name && <span>{m.author_name}</span>}
        {m.request_id !== null && <span>{t("conversations.message.request", { id: m.request_id })}</span>}
        <span title={dateTime(m.created_at)}>{time(m.created_at)}</span>
        {m.state === "failed" && (
          <span className="bad">
            <AlertTriangle size={12} /> {t("conversations.message.notSent")}
          </span>
        )}
        {m.state === "sending" && <span>{t("conversations.message.sending")}</span>}
      </div>
    </div>
  );
}

/** Messages grouped under the day they were written. */
function Messages({ list }: { list: SupportMessage[] }) {
  const { t } = useTranslation("support");
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: "end" }), [list.length]);
  let day = "";
  return (
    <div className="chat-log" aria-label={t("conversations.messages")} role="log">
      {list.length === 0 && <div className="service">{t("conversations.noMessages")}</div>}
      {list.map((m) => {
        const d = date(m.created_at);
        const header = d !== day;
        day = d;
        return (
          <div key={m.id} style={{ display: "contents" }}>
            {header && <div className="service">{d}</div>}
            <Message m={m} />
          </div>
        );
      })}
      <div ref={end} />
    </div>
  );
}

/** Replies being written, by conversation: switching to another conversation and back keeps them. */
type Drafts = Map<number, string>;

function ReplyBox({ conversation, drafts }: { conversation: Conversation; drafts: Drafts }) {
  const { t } = useTranslation("support");
  const qc = useQueryClient();
  const templates = useTemplates();
  const canned = templates.data?.canned ?? [];
  const [text, keepText] = useState(drafts.get(conversation.id) ?? "");
  const setText = (t: string) => {
    drafts.set(conversation.id, t);
    keepText(t);
  };
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const sending = useRef(false);

  const send = useMutation({
    mutationFn: (body: string) => reply(conversation.id, body),
    onSuccess: () => {
      setText("");
      setError(null);
    },
    onError: (e) => setError(errorMessage(e)),
    onSettled: () => {
      sending.current = false;
      // A reply Telegram did not take is kept too, marked "not sent".
      for (const key of ["messages", "conversations", "support-counts"]) void qc.invalidateQueries({ queryKey: [key] });
      box.current?.focus();
    },
  });
  const length = [...text.trim()].length;
  const tooLong = length > REPLY_MAX;
  const submit = () => {
    if (sending.current || length === 0 || tooLong) return;
    sending.current = true;
    send.mutate(text.trim());
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter is a new line; Enter that ends an IME composition is neither.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
  // A canned reply goes where the cursor is, replacing what is selected.
  const insert = (body: string) => {
    const el = box.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + body + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + body.length, start + body.length);
    });
  };

  return (
    <div className="reply-box">
      <textarea
        ref={box}
        className="textarea"
        rows={3}
        name="reply"
        aria-label={t("conversations.reply.label", { name: conversation.customer_name })}
        placeholder={t("conversations.reply.placeholder", { name: conversation.customer_name })}
        value={text}
        aria-invalid={tooLong || Boolean(error)}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        data-test="reply"
      />
      {(error || tooLong) && (
        <div className="form-error" role="alert">
          <AlertTriangle size={13} /> {tooLong ? t("conversations.reply.tooLong", { max: num(REPLY_MAX) }) : error}
        </div>
      )}
      <div className="row">
        <select
          className="select"
          aria-label={t("conversations.reply.canned")}
          value=""
          disabled={canned.length === 0}
          onChange={(e) => {
            const t = canned[Number(e.target.value)];
            if (t) insert(t.body);
          }}
          style={{ maxWidth: 260 }}
        >
          <option value="">{t("conversations.reply.cannedPlaceholder")}</option>
          {canned.map((t, i) => (
            <option key={i} value={i}>
              {t.title}
            </option>
          ))}
        </select>
        <span className="grow" />
        <span className="muted small">{t("conversations.reply.note")}</span>
        <button className="btn primary" onClick={submit} disabled={send.isPending || length === 0 || tooLong} data-test="send-reply">
          {send.isPending ? <Spinner /> : <SendHorizontal size={15} />} {t("conversations.reply.send")}
        </button>
      </div>
    </div>
  );
}

function CustomerOrders({ conversation, onRequests }: { conversation: Conversation; onRequests: () => void }) {
  const { t } = useTranslation("support");
  const nav = useNav();
  const orders = useCustomerOrders(conversation.customer_id);
  return (
    <aside className="support-side" aria-label={t("conversations.side.label", { name: conversation.customer_name })}>
      <div className="row">
        <Avatar id={conversation.customer_id} name={conversation.customer_name} large />
        <div style={{ minWidth: 0 }}>
          <div style={{ fontWeight: 600 }} className="ellipsis">
            {conversation.customer_name}
          </div>
          <div className="muted small">
            {conversation.username ? `@${conversation.username} · ` : ""}
            {t("conversations.side.id", { id: conversation.customer_id })}
          </div>
        </div>
      </div>
      {conversation.open_requests > 0 && (
        <button className="btn sm" onClick={onRequests}>
          <Undo2 size={13} /> {t("conversations.side.openRequests", { count: conversation.open_requests })}
        </button>
      )}
      <div className="section-title" style={{ marginBottom: 0 }}>
        {t("conversations.side.orders")}
      </div>
      {orders.isLoading ? (
        <Loading />
      ) : orders.isError ? (
        <ErrorState message={errorMessage(orders.error)} onRetry={() => orders.refetch()} />
      ) : (orders.data ?? []).length === 0 ? (
        <div className="muted small">{t("conversations.side.noOrders")}</div>
      ) : (
        <ul className="side-orders">
          {orders.data!.map((o) => (
            <li key={o.id}>
              <button className="side-order" onClick={() => nav.go({ page: "orders", orderId: o.id })} title={t("openInOrders")}>
                <span className="row">
                  <span className="mono">#{o.id}</span>
                  <span className="grow" />
                  <Stars n={o.stars} size={12} />
                </span>
                <span className="ellipsis small">{o.product_title}</span>
                <span className="row small">
                  <OrderStatus status={o.status} />
                  <span className="muted">{date(o.created_at)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button className="btn sm ghost" onClick={() => nav.go({ page: "orders", search: String(conversation.customer_id) })}>
        <ExternalLink size={13} /> {t("conversations.side.allOrders")}
      </button>
    </aside>
  );
}

function Chat({ conversation, drafts, onRequests }: { conversation: Conversation; drafts: Drafts; onRequests: () => void }) {
  const { t } = useTranslation("support");
  const qc = useQueryClient();
  const toast = useToast();
  const messages = useQuery({ queryKey: ["messages", conversation.id], queryFn: () => conversationMessages(conversation.id) });
  const status = useMutation({
    mutationFn: (s: ConversationStatus) => setConversationStatus(conversation.id, s),
    onSuccess: (_, s) =>
      qc.setQueryData<Conversation[]>(["conversations"], (old) => old?.map((c) => (c.id === conversation.id ? { ...c, status: s } : c))),
    onError: (e) => toast.show("error", i18next.t("support:conversations.notChanged"), errorMessage(e)),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ["conversations"] });
      void qc.invalidateQueries({ queryKey: ["support-counts"] });
    },
  });
  const read = useMutation({
    mutationFn: () => markRead(conversation.id),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ["conversations"] });
      void qc.invalidateQueries({ queryKey: ["support-counts"] });
    },
  });
  // Opened is read; so is what arrives while it is open.
  const unread = conversation.unread;
  useEffect(() => {
    if (unread > 0 && !read.isPending) read.mutate();
    // `read` changes every render; the conversation and its unread count say when.
  }, [conversation.id, unread]);

  return (
    <>
      <section className="chat support-chat" aria-label={t("conversations.chatLabel", { name: conversation.customer_name })}>
        <div className="chat-head">
          <div className="grow" style={{ minWidth: 0 }}>
            <div style={{ fontWeight: 600 }} className="ellipsis">
              {conversation.customer_name}
            </div>
            <div className="muted small">
              {conversation.username ? `@${conversation.username}` : t("telegramId", { id: conversation.customer_id })}
            </div>
          </div>
          <Segmented
            label={t("conversations.statusLabel")}
            value={conversation.status}
            disabled={status.isPending}
            onChange={(s) => status.mutate(s)}
            options={(Object.keys(STATUS) as ConversationStatus[]).map((s) => ({ value: s, label: t(`conversations.status.${s}`) }))}
          />
        </div>
        {messages.isLoading ? (
          <Loading />
        ) : messages.isError ? (
          <ErrorState message={errorMessage(messages.error)} onRetry={() => messages.refetch()} />
        ) : (
          <Messages list={messages.data ?? []} />
        )}
        <ReplyBox conversation={conversation} drafts={drafts} />
      </section>
      <CustomerOrders conversation={conversation} onRequests={onRequests} />
    </>
  );
}

export function ConversationsPanel({
  customerId,
  onRequests,
}: {
  /** Open this customer's conversation first (from a refund request). */
  customerId: number | null;
  onRequests: () => void;
}) {
  const { t } = useTranslation("support");
  // All of them at once (at most 500, newest first), filtered here: a conversation answered a
  // moment ago leaves "Open" but stays on screen.
  const q = useQuery({ queryKey: ["conversations"], queryFn: () => conversations(null) });
  const all = q.data ?? [];
  const [shown, setShown] = useState<Shown>(customerId !== null ? "all" : "open");
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const drafts = useRef<Drafts>(new Map());
  useEffect(() => {
    if (customerId === null || !q.data) return;
    const c = q.data.find((x) => x.customer_id === customerId);
    if (c) setSelectedId(c.id);
  }, [customerId, q.data === undefined]);
  const list = shown === "all" ? all : all.filter((c) => c.status === shown);
  const selected = all.find((c) => c.id === selectedId) ?? null;
  const count = (s: ConversationStatus) => all.filter((c) => c.status === s).length;

  return (
    <div className="support-split three">
      <div className="support-list">
        <div className="list-head">
          <Segmented
            label={t("conversations.filter.label")}
            value={shown}
            onChange={setShown}
            options={[
              { value: "open", label: `${t("conversations.filter.open")}${count("open") ? ` ${num(count("open"))}` : ""}` },
              { value: "waiting", label: t("conversations.filter.waiting") },
              { value: "resolved", label: t("conversations.filter.resolved") },
              { value: "all", label: t("conversations.filter.all") },
            ]}
          />
        </div>
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState
            icon={<MessageCircle size={24} />}
            title={shown === "open" ? t("conversations.empty.open") : t("conversations.empty.other")}
          >
            {t("conversations.empty.body")}
          </EmptyState>
        ) : (
          <ul className="items" aria-label={t("tabs.conversations")}>
            {list.map((c) => (
              <li key={c.id}>
                <button
                  className={`item conversation ${c.unread > 0 ? "unread" : ""}`}
                  aria-current={c.id === selectedId ? "true" : undefined}
                  onClick={() => setSelectedId(c.id)}
                  data-conversation-id={c.id}
                >
                  <Avatar id={c.customer_id} name={c.customer_name} />
                  <span className="grow" style={{ minWidth: 0 }}>
                    <span className="row">
                      <span className="name ellipsis grow">{c.customer_name}</span>
                      <span className="muted small">{ago(c.last_at)}</span>
                    </span>
                    <span className="row small">
                      <span className="muted ellipsis grow">
                        {c.last_from_customer ? "" : t("conversations.shopPrefix")}
                        {c.last_text}
                      </span>
                      {c.unread > 0 && (
                        <span className="count" aria-label={t("counts.unread", { count: c.unread })}>
                          {c.unread}
                        </span>
                      )}
                    </span>
                    <span className="row small" style={{ marginTop: 3 }}>
                      <span className={`badge ${STATUS[c.status].tone}`}>{t(`conversations.status.${c.status}`)}</span>
                      {c.open_requests > 0 && <span className="badge accent">{t("conversations.refundRequest")}</span>}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {selected ? (
        <Chat key={selected.id} conversation={selected} drafts={drafts.current} onRequests={onRequests} />
      ) : (
        <div className="support-detail wide">
          <EmptyState icon={<MessageCircle size={24} />} title={t("conversations.choose.title")}>
            {t("conversations.choose.body")}
          </EmptyState>
        </div>
      )}
    </div>
  );
}
