// The expiry queue: who loses access when and why, what the next run does (a dry run, in plain
// sentences), running it now, pausing automatic removal, undoing a recent removal, and when
// subscribers who cancelled are reminded.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Bell, CalendarClock, CheckCircle2, Pause, Play, Undo2, UserMinus } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DueAccess } from "../../bindings/DueAccess";
import type { ExpiryQueue } from "../../bindings/ExpiryQueue";
import type { ExpiryRun } from "../../bindings/ExpiryRun";
import type { Removal } from "../../bindings/Removal";
import { errorMessage } from "../../api/invoke";
import { runExpiry, setReminderDays, setRemovalsPaused, undoRemoval } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Modal, Spinner } from "../../components/ui";
import { ago, dateTime, num } from "../../lib/format";
import { inTime, parseReminderDays, reminderSentence, removalSentence } from "../../lib/subscriptionRules";
import { refreshSubscriptions, useExpiryQueue } from "../../queries";

function PauseBanner({ paused }: { paused: boolean }) {
  const { t } = useTranslation("subscriptions");
  const qc = useQueryClient();
  const toast = useToast();
  const m = useMutation({
    mutationFn: () => setRemovalsPaused(!paused),
    onSuccess: (now) => {
      refreshSubscriptions(qc);
      toast.show(
        "success",
        now ? t("expiry.paused") : t("expiry.resumed"),
        now ? t("expiry.pausedBody") : t("expiry.resumedBody"),
      );
    },
    onError: (e) => toast.show("error", t("expiry.notChanged"), errorMessage(e)),
  });
  const button = (
    <button className={`btn ${paused ? "primary" : ""}`} onClick={() => m.mutate()} disabled={m.isPending} data-test="expiry-pause">
      {m.isPending ? <Spinner /> : paused ? <Play size={15} /> : <Pause size={15} />}
      {paused ? t("expiry.resume") : t("expiry.pause")}
    </button>
  );
  return paused ? (
    <div className="banner warn" role="status" style={{ marginBottom: 0 }}>
      <AlertTriangle size={18} color="var(--amber)" />
      <div className="grow">
        <h3>{t("expiry.pausedTitle")}</h3>
        <p>{t("expiry.pausedExplain")}</p>
      </div>
      {button}
    </div>
  ) : (
    <div className="row">
      <p className="muted grow" style={{ margin: 0 }}>
        {t("expiry.explain")}
      </p>
      {button}
    </div>
  );
}

function RunResult({ run, onAnyway, busy }: { run: ExpiryRun; onAnyway: () => void; busy: boolean }) {
  const { t } = useTranslation("subscriptions");
  const done: string[] = [];
  if (run.removed > 0) done.push(t("expiry.result.removed", { count: run.removed }));
  if (run.reminders > 0) done.push(t("expiry.result.reminders", { count: run.reminders }));
  return (
    <div className={`banner ${run.failed.length ? "error" : run.paused ? "warn" : ""}`} style={{ marginBottom: 0 }} data-test="expiry-result" role="status">
      {run.failed.length ? <AlertTriangle size={18} color="var(--red)" /> : <CheckCircle2 size={18} color="var(--green)" />}
      <div className="grow">
        <h3>{done.length ? t("expiry.result.done", { list: done.join(", ") }) : t("expiry.result.nothing")}</h3>
        {run.paused && <p>{t("expiry.result.paused")}</p>}
        {run.failed.length > 0 && (
          <>
            <p>{t("expiry.result.failed")}</p>
            <ul className="revokes small">
              {run.failed.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      {run.paused && (
        <button className="btn danger" onClick={onAnyway} disabled={busy} data-test="expiry-run-anyway">
          {busy ? <Spinner /> : <UserMinus size={15} />} {t("expiry.result.anyway")}
        </button>
      )}
    </div>
  );
}

function DryRun({ q }: { q: ExpiryQueue }) {
  const { t } = useTranslation("subscriptions");
  const qc = useQueryClient();
  const toast = useToast();
  const [result, setResult] = useState<ExpiryRun | null>(null);
  const run = useMutation({
    mutationFn: (force: boolean) => runExpiry(force),
    onSuccess: (r) => {
      setResult(r);
      refreshSubscriptions(qc);
    },
    onError: (e) => toast.show("error", t("expiry.dryRun.notRun"), errorMessage(e)),
  });
  // The reminders name a customer by id; the queue's other lists usually know their name.
  const names = new Map<number, string>();
  for (const d of [...q.due_now, ...q.next_24h, ...q.next_7d, ...q.recent]) names.set(d.customer_id, d.customer_name);
  const empty = q.due_now.length === 0 && q.reminders_now.length === 0;
  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>{t("expiry.dryRun.title")}</h2>
          <div className="muted small">{t("expiry.dryRun.asOf", { time: dateTime(q.now) })}</div>
        </div>
        <button className="btn primary" onClick={() => run.mutate(false)} disabled={run.isPending} data-test="expiry-run">
          {run.isPending ? <Spinner /> : <Play size={15} />} {t("expiry.dryRun.run")}
        </button>
      </div>
      <div className="card-body stack" data-test="expiry-dry-run">
        {empty ? (
          <div className="muted">{t("expiry.dryRun.empty")}</div>
        ) : (
          <ul className="dry-run">
            {q.reminders_now.map((r) => (
              <li key={`m${r.subscription_id}`}>
                <Bell size={14} className="muted" />
                {reminderSentence(r, names.get(r.customer_id) ?? null)}
              </li>
            ))}
            {q.due_now.map((d) => (
              <li key={`r${d.subscription_id}`} className={q.paused ? "held" : undefined}>
                <UserMinus size={14} className="muted" />
                {removalSentence(d)}
                {q.paused && <span className="badge amber">{t("expiry.dryRun.waits")}</span>}
              </li>
            ))}
            {q.due_now_total > q.due_now.length && (
              <li className="muted" data-test="due-more">
                <UserMinus size={14} className="muted" />
                {t("expiry.dryRun.more", { count: q.due_now_total - q.due_now.length })}
              </li>
            )}
          </ul>
        )}
        {result && <RunResult run={result} busy={run.isPending} onAnyway={() => run.mutate(true)} />}
      </div>
    </div>
  );
}

function DueList({ title, items, total, now, test, none }: { title: string; items: DueAccess[]; total: number; now: number; test: string; none: string }) {
  const { t } = useTranslation("subscriptions");
  const more = Math.max(0, total - items.length);
  return (
    <div className="card" data-test={test}>
      <div className="card-head">
        <h2>{title}</h2>
        <span className="badge">{num(Math.max(total, items.length))}</span>
      </div>
      {items.length === 0 ? (
        <div className="card-body muted">{none}</div>
      ) : (
        <div className="list">
          {items.map((d) => (
            <div className="list-item" key={d.subscription_id}>
              <CalendarClock size={16} className="muted" />
              <div className="grow" style={{ minWidth: 0 }}>
                <div className="ellipsis">
                  <span style={{ fontWeight: 560 }}>{d.customer_name}</span> <span className="muted">· {d.plan_title}</span>
                </div>
                <div className="muted small">{d.why}</div>
              </div>
              <div style={{ textAlign: "right" }}>
                <div className="tabular">{dateTime(d.at)}</div>
                <div className="muted small">{inTime(d.at, now)}</div>
              </div>
            </div>
          ))}
          {more > 0 && (
            <div className="list-item muted small" data-test="due-more">
              {t("expiry.due.more", { n: num(more) })}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function UndoDialog({ removal, onClose }: { removal: Removal; onClose: () => void }) {
  const { t } = useTranslation(["subscriptions", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const [days, setDays] = useState("7");
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = /^\d+$/.test(days.trim()) ? Number(days.trim()) : NaN;
  const problem = n >= 1 && n <= 365 ? null : t("expiry.undo.daysProblem");
  const m = useMutation({
    mutationFn: () => undoRemoval(removal.id, n),
    onSuccess: () => {
      refreshSubscriptions(qc);
      toast.show("success", t("expiry.undo.done", { name: removal.customer_name, count: n }), t("expiry.undo.doneBody"));
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setShown(true);
    if (problem || m.isPending) return;
    setError(null);
    m.mutate();
  };
  return (
    <Modal
      title={t("expiry.undo.title", { name: removal.customer_name })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn primary" onClick={() => submit()} disabled={m.isPending} data-test="expiry-undo-confirm">
            {m.isPending ? <Spinner /> : <Undo2 size={15} />} {t("expiry.undo.confirm")}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <p style={{ margin: 0 }}>
          {t("expiry.undo.body", { name: removal.customer_name, plan: removal.plan_title, why: removal.why })}
        </p>
        <Field label={t("expiry.undo.days")} error={shown ? problem : null}>
          {(p) => (
            <input
              {...p}
              className="input"
              inputMode="numeric"
              name="undo-days"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              style={{ maxWidth: 120 }}
              data-test="expiry-undo-days"
            />
          )}
        </Field>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>{t("expiry.undo.failed")}</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}

const REMOVAL_TONE = { removing: "blue", removed: "", undone: "green" } as const;

function RecentRemovals({ items }: { items: Removal[] }) {
  const { t } = useTranslation(["subscriptions", "common"]);
  const [undoing, setUndoing] = useState<Removal | null>(null);
  return (
    <div className="card" data-test="expiry-recent">
      <div className="card-head">
        <h2>{t("expiry.recent.title")}</h2>
        <span className="badge">{num(items.length)}</span>
      </div>
      {items.length === 0 ? (
        <div className="card-body muted">{t("expiry.recent.none")}</div>
      ) : (
        <div className="list">
          {items.map((r) => {
            const known = r.state in REMOVAL_TONE ? (r.state as keyof typeof REMOVAL_TONE) : null;
            const state = known
              ? { label: t(`expiry.state.${known}`), tone: REMOVAL_TONE[known] }
              : { label: r.state, tone: "" };
            return (
              <div className="list-item" key={r.id} data-test="expiry-removal">
                <UserMinus size={16} className="muted" />
                <div className="grow" style={{ minWidth: 0 }}>
                  <div className="ellipsis">
                    <span style={{ fontWeight: 560 }}>{r.customer_name}</span> <span className="muted">· {r.plan_title}</span>
                  </div>
                  <div className="muted small">
                    {r.why} · {t("expiry.recent.by", { who: r.actor_name || r.actor })} · {ago(r.removed_at ?? r.created_at)}
                  </div>
                </div>
                <span className={`badge ${state.tone}`}>{state.label}</span>
                {r.state === "removed" && (
                  <button className="btn sm" onClick={() => setUndoing(r)} aria-label={t("expiry.undo.title", { name: r.customer_name })} data-test="expiry-undo">
                    <Undo2 size={13} /> {t("common:actions.undo")}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      )}
      {undoing && <UndoDialog removal={undoing} onClose={() => setUndoing(null)} />}
    </div>
  );
}

/** Also in Settings, where a merchant looks for what the bot sends and when. */
export function ReminderDays({ days }: { days: number[] }) {
  const { t } = useTranslation(["subscriptions", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const saved = days.join(", ");
  const [raw, setRaw] = useState(saved);
  const [edited, setEdited] = useState(false);
  const [shown, setShown] = useState(false);
  // What the shop holds shows until the merchant starts typing.
  useEffect(() => {
    if (!edited) setRaw(saved);
  }, [saved]);
  const parsed = parseReminderDays(raw);
  const problem = "problem" in parsed ? parsed.problem : null;
  const m = useMutation({
    mutationFn: (d: number[]) => setReminderDays(d),
    onSuccess: (d) => {
      setEdited(false);
      setShown(false);
      setRaw(d.join(", "));
      refreshSubscriptions(qc);
      toast.show(
        "success",
        d.length === 0
          ? t("expiry.reminders.none")
          : d.length === 1
            ? t("expiry.reminders.single", { count: d[0] })
            : t("expiry.reminders.several", { days: d.join(` ${t("expiry.reminders.and")} `) }),
      );
    },
    onError: (e) => toast.show("error", t("expiry.reminders.notChanged"), errorMessage(e)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if ("problem" in parsed || m.isPending) return;
    m.mutate(parsed.days);
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>{t("expiry.reminders.title")}</h2>
      </div>
      <form className="card-body form" onSubmit={submit} noValidate>
        <Field
          label={t("expiry.reminders.label")}
          error={shown ? problem : null}
          hint={t("expiry.reminders.hint")}
        >
          {(p) => (
            <div className="row">
              <input
                {...p}
                className="input"
                name="reminder-days"
                placeholder={t("expiry.reminders.placeholder")}
                value={raw}
                onChange={(e) => {
                  setEdited(true);
                  setRaw(e.target.value);
                }}
                style={{ maxWidth: 200 }}
                data-test="expiry-reminder-days"
              />
              <button className="btn" type="submit" disabled={m.isPending || !edited} data-test="expiry-reminder-save">
                {m.isPending && <Spinner />} {t("common:actions.save")}
              </button>
            </div>
          )}
        </Field>
      </form>
    </div>
  );
}

export function ExpiryPanel() {
  const { t } = useTranslation("subscriptions");
  const q = useExpiryQueue();
  if (q.isLoading) return <Loading />;
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  const d = q.data!;
  return (
    <div className="stack">
      <PauseBanner paused={d.paused} />
      <DryRun q={d} />
      <div className="grid-even">
        <DueList
          title={t("expiry.due.next24h")}
          items={d.next_24h}
          total={d.next_24h_total}
          now={d.now}
          test="expiry-next-24h"
          none={t("expiry.due.next24hNone")}
        />
        <DueList
          title={t("expiry.due.next7d")}
          items={d.next_7d}
          total={d.next_7d_total}
          now={d.now}
          test="expiry-next-7d"
          none={t("expiry.due.next7dNone")}
        />
      </div>
      <RecentRemovals items={d.recent} />
      <ReminderDays days={d.reminder_days} />
    </div>
  );
}
