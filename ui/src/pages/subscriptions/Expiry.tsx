// The expiry queue: who loses access when and why, what the next run does (a dry run, in plain
// sentences), running it now, pausing automatic removal, undoing a recent removal, and when
// subscribers who cancelled are reminded.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, Bell, CalendarClock, CheckCircle2, Pause, Play, Undo2, UserMinus } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import type { DueAccess } from "../../bindings/DueAccess";
import type { ExpiryQueue } from "../../bindings/ExpiryQueue";
import type { ExpiryRun } from "../../bindings/ExpiryRun";
import type { Removal } from "../../bindings/Removal";
import { errorMessage } from "../../api/invoke";
import { runExpiry, setReminderDays, setRemovalsPaused, undoRemoval } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { ErrorState, Field, Loading, Modal, Spinner } from "../../components/ui";
import { ago, dateTime, num, plural } from "../../lib/format";
import { inTime, parseReminderDays, reminderSentence, removalSentence } from "../../lib/subscriptionRules";
import { refreshSubscriptions, useExpiryQueue } from "../../queries";

function PauseBanner({ paused }: { paused: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const m = useMutation({
    mutationFn: () => setRemovalsPaused(!paused),
    onSuccess: (now) => {
      refreshSubscriptions(qc);
      toast.show(
        "success",
        now ? "Automatic removal paused" : "Automatic removal is on again",
        now ? "Nobody loses access until you resume it or run the queue anyway." : "Whoever is due is removed at the next run.",
      );
    },
    onError: (e) => toast.show("error", "Not changed", errorMessage(e)),
  });
  const button = (
    <button className={`btn ${paused ? "primary" : ""}`} onClick={() => m.mutate()} disabled={m.isPending} data-test="expiry-pause">
      {m.isPending ? <Spinner /> : paused ? <Play size={15} /> : <Pause size={15} />}
      {paused ? "Resume automatic removal" : "Pause automatic removal"}
    </button>
  );
  return paused ? (
    <div className="banner warn" role="status" style={{ marginBottom: 0 }}>
      <AlertTriangle size={18} color="var(--amber)" />
      <div className="grow">
        <h3>Automatic removal is paused</h3>
        <p>Nobody loses access when their subscription ends until you resume it or run the queue anyway. Reminders still go out.</p>
      </div>
      {button}
    </div>
  ) : (
    <div className="row">
      <p className="muted grow" style={{ margin: 0 }}>
        While the bot runs, it works through the queue by itself: it reminds subscribers who cancelled, and removes whoever's
        access has ended from the plan's channels. A renewing subscription is due an hour after its period, and only once
        Telegram's ledger shows no renewal.
      </p>
      {button}
    </div>
  );
}

function RunResult({ run, onAnyway, busy }: { run: ExpiryRun; onAnyway: () => void; busy: boolean }) {
  const done: string[] = [];
  if (run.removed > 0) done.push(`${plural(run.removed, "subscriber")} removed`);
  if (run.reminders > 0) done.push(`${plural(run.reminders, "reminder")} sent`);
  return (
    <div className={`banner ${run.failed.length ? "error" : run.paused ? "warn" : ""}`} style={{ marginBottom: 0 }} data-test="expiry-result" role="status">
      {run.failed.length ? <AlertTriangle size={18} color="var(--red)" /> : <CheckCircle2 size={18} color="var(--green)" />}
      <div className="grow">
        <h3>{done.length ? `Done: ${done.join(", ")}.` : "The run had nothing to do."}</h3>
        {run.paused && <p>Automatic removal is paused: nobody was removed.</p>}
        {run.failed.length > 0 && (
          <>
            <p>Not done, tried again at the next run:</p>
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
          {busy ? <Spinner /> : <UserMinus size={15} />} Run anyway
        </button>
      )}
    </div>
  );
}

function DryRun({ q }: { q: ExpiryQueue }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [result, setResult] = useState<ExpiryRun | null>(null);
  const run = useMutation({
    mutationFn: (force: boolean) => runExpiry(force),
    onSuccess: (r) => {
      setResult(r);
      refreshSubscriptions(qc);
    },
    onError: (e) => toast.show("error", "The queue did not run", errorMessage(e)),
  });
  // The reminders name a customer by id; the queue's other lists usually know their name.
  const names = new Map<number, string>();
  for (const d of [...q.due_now, ...q.next_24h, ...q.next_7d, ...q.recent]) names.set(d.customer_id, d.customer_name);
  const empty = q.due_now.length === 0 && q.reminders_now.length === 0;
  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>What the next run does</h2>
          <div className="muted small">As the queue stands at {dateTime(q.now)}</div>
        </div>
        <button className="btn primary" onClick={() => run.mutate(false)} disabled={run.isPending} data-test="expiry-run">
          {run.isPending ? <Spinner /> : <Play size={15} />} Run now
        </button>
      </div>
      <div className="card-body stack" data-test="expiry-dry-run">
        {empty ? (
          <div className="muted">Nothing to do now: nobody's access has ended and no reminder is due.</div>
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
                {q.paused && <span className="badge amber">waits: paused</span>}
              </li>
            ))}
            {q.due_now_total > q.due_now.length && (
              <li className="muted" data-test="due-more">
                <UserMinus size={14} className="muted" />
                and {num(q.due_now_total - q.due_now.length)} more removals, in the order their access ended
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
              and {num(more)} more, the earliest shown first
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function UndoDialog({ removal, onClose }: { removal: Removal; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [days, setDays] = useState("7");
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = /^\d+$/.test(days.trim()) ? Number(days.trim()) : NaN;
  const problem = n >= 1 && n <= 365 ? null : "Give access back for 1 to 365 days.";
  const m = useMutation({
    mutationFn: () => undoRemoval(removal.id, n),
    onSuccess: () => {
      refreshSubscriptions(qc);
      toast.show("success", `${removal.customer_name} has access again for ${plural(n, "day")}`, "A new invite link is in their chat.");
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
      title={`Undo the removal of ${removal.customer_name}`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn primary" onClick={() => submit()} disabled={m.isPending} data-test="expiry-undo-confirm">
            {m.isPending ? <Spinner /> : <Undo2 size={15} />} Give access back
          </button>
        </>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <p style={{ margin: 0 }}>
          {removal.customer_name} was removed from {removal.plan_title} ({removal.why}). They get a new one-person invite link in the
          chat and keep access for the days you give; nothing is charged.
        </p>
        <Field label="Days of access" error={shown ? problem : null}>
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
              <h3>Not undone</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </form>
    </Modal>
  );
}

const REMOVAL_STATE: Record<string, { label: string; tone: string }> = {
  removing: { label: "Being removed", tone: "blue" },
  removed: { label: "Removed", tone: "" },
  undone: { label: "Undone", tone: "green" },
};

function RecentRemovals({ items }: { items: Removal[] }) {
  const [undoing, setUndoing] = useState<Removal | null>(null);
  return (
    <div className="card" data-test="expiry-recent">
      <div className="card-head">
        <h2>Removed in the last 7 days</h2>
        <span className="badge">{num(items.length)}</span>
      </div>
      {items.length === 0 ? (
        <div className="card-body muted">Nobody was removed in the last 7 days.</div>
      ) : (
        <div className="list">
          {items.map((r) => {
            const state = REMOVAL_STATE[r.state] ?? { label: r.state, tone: "" };
            return (
              <div className="list-item" key={r.id} data-test="expiry-removal">
                <UserMinus size={16} className="muted" />
                <div className="grow" style={{ minWidth: 0 }}>
                  <div className="ellipsis">
                    <span style={{ fontWeight: 560 }}>{r.customer_name}</span> <span className="muted">· {r.plan_title}</span>
                  </div>
                  <div className="muted small">
                    {r.why} · by {r.actor_name || r.actor} · {ago(r.removed_at ?? r.created_at)}
                  </div>
                </div>
                <span className={`badge ${state.tone}`}>{state.label}</span>
                {r.state === "removed" && (
                  <button className="btn sm" onClick={() => setUndoing(r)} aria-label={`Undo the removal of ${r.customer_name}`} data-test="expiry-undo">
                    <Undo2 size={13} /> Undo
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
        d.length === 0 ? "No reminders before a subscription ends" : `Reminders go out ${d.join(" and ")} ${d.length === 1 && d[0] === 1 ? "day" : "days"} before the end`,
      );
    },
    onError: (e) => toast.show("error", "Reminders not changed", errorMessage(e)),
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
        <h2>Reminders before the end</h2>
      </div>
      <form className="card-body form" onSubmit={submit} noValidate>
        <Field
          label="Days before a cancelled subscription ends"
          error={shown ? problem : null}
          hint="Subscribers who cancelled get a message with a button to renew, this many days before their paid period ends. Empty: no reminders."
        >
          {(p) => (
            <div className="row">
              <input
                {...p}
                className="input"
                name="reminder-days"
                placeholder="e.g. 3, 1"
                value={raw}
                onChange={(e) => {
                  setEdited(true);
                  setRaw(e.target.value);
                }}
                style={{ maxWidth: 200 }}
                data-test="expiry-reminder-days"
              />
              <button className="btn" type="submit" disabled={m.isPending || !edited} data-test="expiry-reminder-save">
                {m.isPending && <Spinner />} Save
              </button>
            </div>
          )}
        </Field>
      </form>
    </div>
  );
}

export function ExpiryPanel() {
  const q = useExpiryQueue();
  if (q.isLoading) return <Loading />;
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  const d = q.data!;
  return (
    <div className="stack">
      <PauseBanner paused={d.paused} />
      <DryRun q={d} />
      <div className="grid-even">
        <DueList title="Next 24 hours" items={d.next_24h} total={d.next_24h_total} now={d.now} test="expiry-next-24h" none="Nobody's access ends in the next 24 hours." />
        <DueList title="Next 7 days" items={d.next_7d} total={d.next_7d_total} now={d.now} test="expiry-next-7d" none="Nobody else's access ends this week." />
      </div>
      <RecentRemovals items={d.recent} />
      <ReminderDays days={d.reminder_days} />
    </div>
  );
}
