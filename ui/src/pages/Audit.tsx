// Audit: who did what and when, the values before and after, and why — every action that moves
// money or changes what customers see. The trail is append-only: this page only reads it.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { ArrowRight, History, RotateCw, Search, X } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
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

/** The filter's choices of who; their names are `audit:actors.<actor>`. */
export const ACTORS: readonly Actor[] = ["operator", "customer", "rule", "telegram", "stardeskd"];

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The words for `path` in `audit` (`actions.product.price`, `groups.product.name`) in the window's
 * language, or null when the page has none (an action newer than it).
 */
function known(path: string): string | null {
  if (typeof i18next.getResource("en", "audit", path) !== "string") return null;
  return i18next.t(`audit:${path}` as never);
}

/** An action in words: "product.price" → "Changed a price"; one this page does not know, readably. */
export function actionWords(action: string): string {
  return known(`actions.${action}`) ?? capitalized(action.replace(/[._]/g, " "));
}

const unknownGroup = (group: string) => capitalized(group.replace(/_/g, " "));
const groupWords = (group: string) => known(`groups.${group}.name`) ?? unknownGroup(group);
/** "All: products", the choice of a whole group. */
const groupAll = (group: string) =>
  known(`groups.${group}.all`) ?? i18next.t("audit:filter.allOf", { group: unknownGroup(group).toLowerCase() });

/** The filter's choices: each group (all its actions) with its actions under it. */
function actionChoices(actions: string[]): { group: string; actions: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const a of actions) {
    const group = a.split(".")[0];
    groups.set(group, [...(groups.get(group) ?? []), a]);
  }
  return [...groups].map(([group, actions]) => ({ group, actions }));
}

/** Who did it, after their name: "operator", "customer" (`audit:actorWords.<actor>`). */
const actorWords = (actor: Actor) => i18next.t(`audit:actorWords.${actor}`);

/** "Anna · customer"; an operator, Telegram and stardeskd go by their name alone. */
function Who({ line }: { line: AuditEntry }) {
  const kind = line.actor === "customer" || line.actor === "rule" ? actorWords(line.actor) : null;
  return (
    <span className="ellipsis" title={`${line.actor_name} · ${actorWords(line.actor)}`}>
      {line.actor_name}
      {kind && <span className="muted small"> · {kind}</span>}
    </span>
  );
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function Change({ line }: { line: AuditEntry }) {
  const { t } = useTranslation("audit");
  const before = line.before === null ? null : oneLine(line.before);
  const after = line.after === null ? null : oneLine(line.after);
  const title = [line.before ?? "—", line.after ?? "—"].join("  →  ");
  if (before === null) return <span className="ellipsis" title={title}>{after ?? ""}</span>;
  return (
    <span className="ellipsis" title={title}>
      <span className="muted">{before || t("empty")}</span> <ArrowRight size={12} style={{ verticalAlign: "-1px" }} aria-label={t("changeTo")} />{" "}
      {after ?? "—"}
    </span>
  );
}

const columns: Column<AuditEntry>[] = [
  {
    id: "when",
    header: () => i18next.t("audit:columns.when"),
    cell: ({ row }) => <span className="tabular ellipsis">{dateTime(row.original.at)}</span>,
    meta: { width: "192px" },
  },
  {
    id: "who",
    header: () => i18next.t("audit:columns.who"),
    cell: ({ row }) => <Who line={row.original} />,
    meta: { width: "minmax(110px, 0.8fr)" },
  },
  {
    id: "what",
    header: () => i18next.t("audit:columns.what"),
    cell: ({ row }) => (
      <span className="ellipsis" title={row.original.action}>
        {actionWords(row.original.action)}
      </span>
    ),
    meta: { width: "minmax(150px, 1fr)" },
  },
  {
    id: "subject",
    header: () => i18next.t("audit:columns.subject"),
    cell: ({ row }) => (
      <span className="ellipsis" title={row.original.subject}>
        {row.original.subject}
      </span>
    ),
    meta: { width: "minmax(150px, 1.3fr)" },
  },
  {
    id: "change",
    header: () => i18next.t("audit:columns.change"),
    cell: ({ row }) => <Change line={row.original} />,
    meta: { width: "minmax(170px, 1.5fr)" },
  },
  {
    id: "why",
    header: () => i18next.t("audit:columns.why"),
    cell: ({ row }) => (
      <span className="ellipsis" title={row.original.reason}>
        {oneLine(row.original.reason)}
      </span>
    ),
    meta: { width: "minmax(100px, 0.9fr)" },
  },
];

function LineDrawer({ line, onClose }: { line: AuditEntry; onClose: () => void }) {
  const { t } = useTranslation("audit");
  const text = (s: string | null) =>
    s === null ? <span className="muted">—</span> : s === "" ? <span className="muted">{t("empty")}</span> : s;
  return (
    <Drawer label={t("drawer.label", { id: line.id })} onClose={onClose} title={<h2>{actionWords(line.action)}</h2>}>
      <section>
        <div className="kv">
          <div className="k">{t("columns.when")}</div>
          <div className="v">{dateTime(line.at)}</div>
          <div className="k">{t("columns.who")}</div>
          <div className="v">
            {line.actor_name} <span className="muted">· {actorWords(line.actor)}</span>
          </div>
          <div className="k">{t("columns.what")}</div>
          <div className="v">
            {actionWords(line.action)} <span className="muted mono small">{line.action}</span>
          </div>
          <div className="k">{t("columns.subject")}</div>
          <div className="v">{line.subject}</div>
          <div className="k">{t("drawer.before")}</div>
          <div className="v" style={{ whiteSpace: "pre-wrap" }} data-test="before">
            {text(line.before)}
          </div>
          <div className="k">{t("drawer.after")}</div>
          <div className="v" style={{ whiteSpace: "pre-wrap" }} data-test="after">
            {text(line.after)}
          </div>
          <div className="k">{t("columns.why")}</div>
          <div className="v" style={{ whiteSpace: "pre-wrap" }}>
            {line.reason ? line.reason : <span className="muted">{t("drawer.noReason")}</span>}
          </div>
        </div>
      </section>
      <p className="muted small">{t("drawer.foot", { id: line.id })}</p>
    </Drawer>
  );
}

const lineId = (l: AuditEntry) => String(l.id);
// Newest first is the trail's one order.
const SORT: Sort = { key: "when", descending: true };

export function AuditPage() {
  const { t } = useTranslation(["audit", "common"]);
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
          <h1>{t("common:pages.audit")}</h1>
          <p>{t("page.intro")}</p>
        </div>
        <ExportButton
          run={exportTrail}
          row="line"
          disabled={count.data === 0}
          test="audit-export"
          title={t("page.exportTitle")}
        />
      </div>
      <div className="toolbar">
        <div className="input-icon">
          <Search size={15} />
          <input
            className="input"
            type="search"
            name="audit-search"
            placeholder={t("filter.searchPlaceholder")}
            aria-label={t("filter.searchLabel")}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <select className="select" aria-label={t("columns.who")} value={actor} onChange={(e) => setActor(e.target.value as Actor | "")}>
          <option value="">{t("filter.anyone")}</option>
          {ACTORS.map((a) => (
            <option key={a} value={a}>
              {t(`actors.${a}`)}
            </option>
          ))}
        </select>
        <select className="select" aria-label={t("filter.action")} value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">{t("filter.anyAction")}</option>
          {choices.map(({ group, actions }) =>
            actions.length === 1 && actions[0] === group ? (
              <option key={group} value={group}>
                {actionWords(group)}
              </option>
            ) : (
              <optgroup key={group} label={groupWords(group)}>
                <option value={group}>{groupAll(group)}</option>
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
        <input className="input" type="date" aria-label={t("filter.from")} value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        <span className="muted">{t("filter.to")}</span>
        <input className="input" type="date" aria-label={t("filter.until")} value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        {filtered && (
          <button className="btn ghost" onClick={clear}>
            <X size={14} /> {t("common:actions.clear")}
          </button>
        )}
        <span className="grow" />
        {count.isFetching && <RotateCw size={14} className="muted pulse" aria-label={t("filter.updating")} />}
      </div>
      {count.isError ? (
        <ErrorState message={errorMessage(count.error)} onRetry={() => count.refetch()} />
      ) : (
        <VirtualTable<AuditEntry>
          label={t("page.tableLabel")}
          columns={columns}
          pages={pages}
          total={count.data}
          rowId={lineId}
          scrollKey={key}
          sort={SORT}
          onSort={() => {}}
          onOpen={setOpen}
          selectedId={open === null ? null : lineId(open)}
          footer={<span>{t("page.footer")}</span>}
          empty={
            filtered ? (
              <EmptyState
                icon={<Search size={24} />}
                title={t("page.noMatchTitle")}
                action={
                  <button className="btn" onClick={clear}>
                    {t("common:actions.clearFilters")}
                  </button>
                }
              >
                {t("page.noMatchBody")}
              </EmptyState>
            ) : (
              <EmptyState icon={<History size={24} />} title={t("page.emptyTitle")}>
                {t("page.emptyBody")}
              </EmptyState>
            )
          }
        />
      )}
      {open !== null && <LineDrawer line={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
