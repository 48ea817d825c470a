// Audit: who did what and when, the values before and after, and why — every action that moves
// money or changes what customers see. The trail is append-only: this page only reads it.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, History, RotateCw, Search, X } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Actor } from "../bindings/Actor";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditQuery } from "../bindings/AuditQuery";
import { auditActions, auditCount, exportAudit } from "../api/audit";
import { errorMessage } from "../api/invoke";
import { type Column, type Sort, VirtualTable } from "../components/VirtualTable";
import { ExportButton } from "../components/ExportButton";
import { Drawer, EmptyState, ErrorState } from "../components/ui";
import { dateTime, localDayStart } from "../lib/format";
import { auditPages } from "../queries";
import { useDebounced } from "../lib/debounce";

/** New lines have no event of their own: the count is asked again this often while the page is open. */
const REFRESH_MS = 5000;

export const ACTORS: { value: Actor; label: string }[] = [
  { value: "operator", label: "Operator" },
  { value: "customer", label: "Customer" },
  { value: "rule", label: "Automatic rule" },
  { value: "telegram", label: "Telegram" },
  { value: "stardeskd", label: "stardeskd" },
];

const ACTIONS: Record<string, string> = {
  "product.create": "Created a product",
  "product.title": "Renamed a product",
  "product.description": "Changed a description",
  "product.price": "Changed a price",
  "product.content": "Changed the text delivered",
  "product.limit": "Changed the limit per customer",
  "product.stock": "Changed the units to sell",
  "product.file": "Replaced the file delivered",
  "product.archive": "Archived a product",
  "product.unarchive": "Put a product back on sale",
  "product.codes": "Imported codes",
  "product.also_bought": "Customers also bought",
  "catalog.copy": "Copied the demo catalog",
  "customer.block": "Blocked a customer",
  "customer.unblock": "Unblocked a customer",
  "customer.trust": "Customer trusted",
  "bot.text": "Changed a bot text",
  "bot.text_reset": "Reset a bot text",
  "bot.connect": "Connected a bot",
  "bot.disconnect": "Disconnected the bot",
  "settings.notify_sales": "Sale notifications",
  "settings.operator_name": "Changed the operator name",
  "settings.invoice_minutes": "Invoice validity",
  "settings.reminders": "Payment reminders",
  "settings.limits": "Limits against abuse",
  "settings.tips": "Tips",
  "settings.tips_thanks": "Tip thank-you text",
  "legal.seller": "Seller details",
  "legal.acceptance": "Terms acceptance",
  refund: "Refunded an order",
  "request.approve": "Approved a refund request",
  "request.decline": "Declined a refund request",
  "request.create": "Asked for a refund",
  "request.auto_check": "Automatic rule checked a request",
  "settings.refund_policy": "Changed the refund policy",
  "settings.templates": "Changed reply templates",
  "support.status": "Changed a conversation's status",
  "stepup.enrol": "Turned on step-up codes",
  "stepup.disable": "Turned off step-up codes",
  "stepup.threshold": "Changed the step-up threshold",
  "plan.create": "Created a plan",
  "channel.forget": "Forgot a channel",
  "channel.seen": "Checked a channel",
  "channel_access.remove": "Took a buyer out of a channel",
  "subscription.extend": "Extended a subscription",
  "subscription.remove": "Removed a subscriber",
  "subscription.undo_removal": "Undid a removal",
  "subscriptions.reminders": "Changed the reminder days",
  "subscriptions.removals": "Paused or resumed removals",
  "promo.create": "Created a promo code",
  "promo.generate": "Generated promo codes",
  "promo.activate": "Turned a promo code on",
  "promo.deactivate": "Turned a promo code off",
  "referral.payout": "Paid a referrer",
  "referral.rate": "Changed an item's commission",
  "referral.percent": "Changed the commission",
  "referral.months": "Changed how long referrals earn",
  "referral.hold": "Changed the commission hold",
};

const GROUPS: Record<string, string> = {
  product: "Products",
  catalog: "Catalog",
  customer: "Customers",
  bot: "Bot",
  settings: "Settings",
  legal: "Terms and seller",
  refund: "Refunds",
  request: "Refund requests",
  support: "Support",
  stepup: "Step-up codes",
  plan: "Plans",
  channel: "Channels",
  channel_access: "Channel access",
  subscription: "Subscriptions",
  subscriptions: "Subscription settings",
  promo: "Promo codes",
  referral: "Referrals",
};

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An action in words: "product.price" → "Changed a price"; one this page does not know, readably. */
export function actionWords(action: string): string {
  return ACTIONS[action] ?? capitalized(action.replace(/[._]/g, " "));
}

const groupWords = (group: string) => GROUPS[group] ?? capitalized(group.replace(/_/g, " "));

/** The filter's choices: each group (all its actions) with its actions under it. */
function actionChoices(actions: string[]): { group: string; actions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const a of actions) {
    const group = a.split(".")[0];
    groups.set(group, [...(groups.get(group) ?? []), a]);
  }
  return [...groups].map(([group, actions]) => ({ group, actions }));
}

const ACTOR_WORDS: Record<Actor, string> = {
  operator: "operator",
  customer: "customer",
  rule: "automatic rule",
  telegram: "Telegram",
  stardeskd: "command line",
};

/** "Anna · customer"; an operator, Telegram and stardeskd go by their name alone. */
function Who({ line }: { line: AuditEntry }) {
  const kind = line.actor === "customer" || line.actor === "rule" ? ACTOR_WORDS[line.actor] : null;
  return (
    <span className="ellipsis" title={`${line.actor_name} · ${ACTOR_WORDS[line.actor]}`}>
      {line.actor_name}
      {kind && <span className="muted small"> · {kind}</span>}
    </span>
  );
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function Change({ line }: { line: AuditEntry }) {
  const before = line.before === null ? null : oneLine(line.before);
  const after = line.after === null ? null : oneLine(line.after);
  const title = [line.before ?? "—", line.after ?? "—"].join("  →  ");
  if (before === null) return <span className="ellipsis" title={title}>{after ?? ""}</span>;
  return (
    <span className="ellipsis" title={title}>
      <span className="muted">{before || "(empty)"}</span> <ArrowRight size={12} style={{ verticalAlign: "-1px" }} aria-label="to" />{" "}
      {after ?? "—"}
    </span>
  );
}

const columns: Column<AuditEntry>[] = [
  {
    id: "when",
    header: "When",
    cell: ({ row }) => <span className="tabular ellipsis">{dateTime(row.original.at)}</span>,
    meta: { width: "192px" },
  },
  {
    id: "who",
    header: "Who",
    cell: ({ row }) => <Who line={row.original} />,
    meta: { width: "minmax(110px, 0.8fr)" },
  },
  {
    id: "what",
    header: "What",
    cell: ({ row }) => (
      <span className="ellipsis" title={row.original.action}>
        {actionWords(row.original.action)}
      </span>
    ),
    meta: { width: "minmax(150px, 1fr)" },
  },
  {
    id: "subject",
    header: "Subject",
    cell: ({ row }) => (
      <span className="ellipsis" title={row.original.subject}>
        {row.original.subject}
      </span>
    ),
    meta: { width: "minmax(150px, 1.3fr)" },
  },
  {
    id: "change",
    header: "Before → After",
    cell: ({ row }) => <Change line={row.original} />,
    meta: { width: "minmax(170px, 1.5fr)" },
  },
  {
    id: "why",
    header: "Why",
    cell: ({ row }) => (
      <span className="ellipsis" title={row.original.reason}>
        {oneLine(row.original.reason)}
      </span>
    ),
    meta: { width: "minmax(100px, 0.9fr)" },
  },
];

function LineDrawer({ line, onClose }: { line: AuditEntry; onClose: () => void }) {
  const text = (s: string | null) =>
    s === null ? <span className="muted">—</span> : s === "" ? <span className="muted">(empty)</span> : s;
  return (
    <Drawer label={`Audit line ${line.id}`} onClose={onClose} title={<h2>{actionWords(line.action)}</h2>}>
      <section>
        <div className="kv">
          <div className="k">When</div>
          <div className="v">{dateTime(line.at)}</div>
          <div className="k">Who</div>
          <div className="v">
            {line.actor_name} <span className="muted">· {ACTOR_WORDS[line.actor]}</span>
          </div>
          <div className="k">What</div>
          <div className="v">
            {actionWords(line.action)} <span className="muted mono small">{line.action}</span>
          </div>
          <div className="k">Subject</div>
          <div className="v">{line.subject}</div>
          <div className="k">Before</div>
          <div className="v" style={{ whiteSpace: "pre-wrap" }} data-test="before">
            {text(line.before)}
          </div>
          <div className="k">After</div>
          <div className="v" style={{ whiteSpace: "pre-wrap" }} data-test="after">
            {text(line.after)}
          </div>
          <div className="k">Why</div>
          <div className="v" style={{ whiteSpace: "pre-wrap" }}>
            {line.reason ? line.reason : <span className="muted">No reason given</span>}
          </div>
        </div>
      </section>
      <p className="muted small">Line {line.id} of the audit trail. Nothing in Stardesk edits or deletes a line.</p>
    </Drawer>
  );
}

const lineId = (l: AuditEntry) => String(l.id);
// Newest first is the trail's one order.
const SORT: Sort = { key: "when", descending: true };

export function AuditPage() {
  const qc = useQueryClient();
  const [actor, setActor] = useState<Actor | "">("");
  const [action, setAction] = useState("");
  const [text, setText] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const debounced = useDebounced(text, 250);

  const query: AuditQuery = useMemo(() => {
    const toDay = localDayStart(to);
    return {
      actor: actor || null,
      action: action || null,
      text: debounced.trim() || null,
      from: localDayStart(from),
      to: toDay === null ? null : toDay + 86400,
      offset: 0,
      limit: 100,
    };
  }, [actor, action, debounced, from, to]);
  const key = JSON.stringify(query);
  const filtered = Boolean(query.actor || query.action || query.text || query.from || query.to);

  const actions = useQuery({ queryKey: ["audit-actions"], queryFn: auditActions, staleTime: 0 });
  const count = useQuery({
    queryKey: ["audit-count", key],
    queryFn: () => auditCount(query),
    placeholderData: (p) => p,
    staleTime: 0,
    refetchInterval: REFRESH_MS,
  });
  const pages = useMemo(() => auditPages(query), [query]);

  // The trail only grows: a new count means new lines at the top, so the pages (and the
  // actions for the filter) are read again; the same count means nothing new.
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (count.data === undefined) return;
    const now = `${key}:${count.data}`;
    if (seen.current !== null && seen.current !== now && seen.current.startsWith(`${key}:`)) {
      void qc.invalidateQueries({ queryKey: ["audit-page"] });
      void qc.invalidateQueries({ queryKey: ["audit-actions"] });
    }
    seen.current = now;
  }, [count.data, key, qc]);

  const exportTrail = async () => {
    const done = await exportAudit(query, null);
    return done && { path: done.path, rows: done.lines };
  };

  const clear = () => {
    setActor("");
    setAction("");
    setText("");
    setFrom("");
    setTo("");
  };

  const choices = actionChoices(actions.data ?? []);

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>Audit</h1>
          <p>Every action that moves money or changes what customers see: who, when, before and after, and why.</p>
        </div>
        <ExportButton
          run={exportTrail}
          row="line"
          disabled={count.data === 0}
          test="audit-export"
          title="Every line that matches the filters, as a CSV file"
        />
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            name="audit-search"
            placeholder="Product, customer, name, value or reason"
            aria-label="Search the audit trail"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <select className="select" aria-label="Who" value={actor} onChange={(e) => setActor(e.target.value as Actor | "")}>
          <option value="">Anyone</option>
          {ACTORS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
        <select className="select" aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">Any action</option>
          {choices.map(({ group, actions }) =>
            actions.length === 1 && actions[0] === group ? (
              <option key={group} value={group}>
                {actionWords(group)}
              </option>
            ) : (
              <optgroup key={group} label={groupWords(group)}>
                <option value={group}>All: {groupWords(group).toLowerCase()}</option>
                {actions
                  .filter((a) => a !== group)
                  .map((a) => (
                    <option key={a} value={a}>
                      {actionWords(a)}
                    </option>
                  ))}
              </optgroup>
            ),
          )}
        </select>
        <input className="input" type="date" aria-label="From" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        <span className="muted">to</span>
        <input className="input" type="date" aria-label="Until" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        {filtered && (
          <button className="btn ghost" onClick={clear}>
            <X size={14} /> Clear
          </button>
        )}
        <span className="grow" />
        {count.isFetching && <RotateCw size={14} className="muted pulse" aria-label="Updating" />}
      </div>
      {count.isError ? (
        <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
      ) : (
        <VirtualTable<AuditEntry>
          label="Audit trail"
          columns={columns}
          pages={pages}
          total={count.data}
          rowId={lineId}
          scrollKey={key}
          sort={SORT}
          onSort={() => {}}
          onOpen={setOpen}
          selectedId={open === null ? null : lineId(open)}
          footer={<span>Newest first · ↑ ↓ to move · Enter shows the whole line</span>}
          empty={
            filtered ? (
              <EmptyState icon={<Search size={24} />} title="No line matches" action={<button className="btn" onClick={clear}>Clear the filters</button>}>
                Search looks at what was changed, who did it, the values before and after, and the reason.
              </EmptyState>
            ) : (
              <EmptyState icon={<History size={24} />} title="Nothing recorded yet">
                Price changes, refunds, archived products, blocked customers, new bot texts and settings will be listed
                here with who did them and when.
              </EmptyState>
            )
          }
        />
      )}
      {open !== null && <LineDrawer line={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
