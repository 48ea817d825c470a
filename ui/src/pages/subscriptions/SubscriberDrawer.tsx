// One subscription: its facts, every payment (each an order), removals and reminders, and what
// the merchant can do about it, offered only where its state allows.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CalendarPlus, CheckCircle2, Pause, Play, Undo2, UserMinus, XCircle } from "lucide-react";
import { type FormEvent, useState } from "react";
import type { SubPayment } from "../../bindings/SubPayment";
import type { Subscriber } from "../../bindings/Subscriber";
import type { SubscriberDetail } from "../../bindings/SubscriberDetail";
import { errorMessage } from "../../api/invoke";
import { extendAccess, removeSubscriber, setRenewal, subscriberDetail } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { Avatar, Drawer, ErrorState, Field, Loading, Modal, Spinner, Stars, SubscriptionStatus } from "../../components/ui";
import { ago, dateTime, num, plural } from "../../lib/format";
import { inTime } from "../../lib/subscriptionRules";
import { useNav } from "../../nav";
import { refreshSubscriptions } from "../../queries";
import { RefundSubscriptionDialog } from "./RefundSubscription";

/** What the merchant may do with a subscription in its state now. */
export function allowedActions(d: SubscriberDetail) {
  const s = d.subscriber;
  const last = d.payments.at(-1);
  return {
    cancel: s.status === "active",
    // Telegram cannot renew a period that is over: subscribing again starts a new subscription.
    resume: s.status === "cancelled" && s.paid_until > d.now,
    remove: s.has_access,
    refund: last !== undefined && !last.refunded,
  };
}

function PaymentStep({ p, first, onOrder }: { p: SubPayment; first: boolean; onOrder: () => void }) {
  return (
    <div className="step" data-test="sub-payment">
      <div className={`mark ${p.refunded ? "bad" : "ok"}`}>{p.refunded ? <XCircle size={14} /> : <CheckCircle2 size={14} />}</div>
      <div>
        <div className="title row wrap" style={{ gap: 6 }}>
          {first ? "First payment" : "Renewal"} · <Stars n={p.stars} size={13} />
          <button className="btn sm ghost link" onClick={onOrder} title="Open the order" data-test="sub-payment-order">
            Order #{p.order_id}
          </button>
          {p.refunded && <span className="badge red">Refunded</span>}
          {p.recovered && <span className="badge blue">Recovered from Telegram's ledger</span>}
        </div>
        <div className="muted small">
          {dateTime(p.paid_at)}
          {p.paid_until !== null && ` · paid until ${dateTime(p.paid_until)}`}
        </div>
        {p.refunded_at !== null && <div className="small" style={{ color: "var(--red)" }}>Refunded {dateTime(p.refunded_at)}</div>}
      </div>
    </div>
  );
}

function RemoveDialog({ s, onClose }: { s: Subscriber; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: () => removeSubscriber(s.id, reason.trim()),
    onSuccess: () => {
      toast.show("success", `${s.customer_name} removed from ${s.plan_title}`, "Renewal stopped; they were told in the chat.");
      refreshSubscriptions(qc);
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Modal
      title={`Remove ${s.customer_name} now?`}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button className="btn danger solid" onClick={() => m.mutate()} disabled={m.isPending} data-test="sub-remove-confirm">
            {m.isPending ? <Spinner /> : <UserMinus size={15} />} Remove now
          </button>
        </>
      }
    >
      <div className="form">
        <p style={{ margin: 0 }}>
          {s.customer_name} leaves the channels of {s.plan_title} now instead of on {dateTime(s.access_until)}.
          {s.status === "active" && " Renewal is cancelled with Telegram first."} Nothing is refunded.
        </p>
        <Field label="Reason (optional)" hint="Kept in the audit trail.">
          {(p) => (
            <input
              {...p}
              className="input"
              name="remove-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. shared the invite link"
              data-test="sub-remove-reason"
            />
          )}
        </Field>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>Not removed</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}

function ExtendForm({ s, now }: { s: Subscriber; now: number }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [days, setDays] = useState("7");
  const [reason, setReason] = useState("");
  const [shown, setShown] = useState(false);
  const n = /^\d+$/.test(days.trim()) ? Number(days.trim()) : NaN;
  const daysProblem = n >= 1 && n <= 365 ? null : "Extend by 1 to 365 days.";
  const reasonProblem = reason.trim() ? null : "Say why, for the audit trail.";
  const m = useMutation({
    mutationFn: () => extendAccess(s.id, n, reason.trim()),
    onSuccess: (after) => {
      toast.show(
        "success",
        `Access extended by ${plural(n, "day")}`,
        `${after.customer_name} has access until ${dateTime(after.access_until)}${s.has_access ? "." : "; a new invite is in the chat."}`,
      );
      setReason("");
      setShown(false);
      refreshSubscriptions(qc);
    },
    onError: (e) => toast.show("error", "Not extended", errorMessage(e)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (daysProblem || reasonProblem || m.isPending) return;
    m.mutate();
  };
  const base = Math.max(s.access_until, now);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="form-row extend-row">
        <Field label="Days" error={shown ? daysProblem : null}>
          {(p) => (
            <input {...p} className="input" inputMode="numeric" name="extend-days" value={days} onChange={(e) => setDays(e.target.value)} data-test="sub-extend-days" />
          )}
        </Field>
        <Field label="Reason" error={shown ? reasonProblem : null}>
          {(p) => (
            <input
              {...p}
              className="input"
              name="extend-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="e.g. the channel was down for a week"
              data-test="sub-extend-reason"
            />
          )}
        </Field>
      </div>
      <div className="row">
        <span className="muted small grow">
          {daysProblem === null
            ? `Access until ${dateTime(base + n * 86400)}; the paid period and renewals stay as they are.`
            : "Access runs longer; the paid period and renewals stay as they are."}
          {!s.has_access && " They get a new invite link in the chat."}
        </span>
        <button className="btn" type="submit" disabled={m.isPending} data-test="sub-extend">
          {m.isPending ? <Spinner /> : <CalendarPlus size={15} />} Extend access
        </button>
      </div>
    </form>
  );
}

export function SubscriberDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const nav = useNav();
  const q = useQuery({ queryKey: ["subscriber", id], queryFn: () => subscriberDetail(id) });
  const [removing, setRemoving] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const renewal = useMutation({
    mutationFn: (renew: boolean) => setRenewal(id, renew),
    onSuccess: (s, renew) => {
      toast.show(
        "success",
        renew ? "Renewal is on again" : "Renewal cancelled",
        renew
          ? `Telegram charges ${num(s.price)} Stars again on ${dateTime(s.paid_until)}.`
          : `${s.customer_name} keeps access until ${dateTime(s.access_until)}, then leaves the channels.`,
      );
      refreshSubscriptions(qc);
    },
    onError: (e) => toast.show("error", "Renewal not changed", errorMessage(e)),
  });
  const d = q.data;
  const s = d?.subscriber;
  const can = d ? allowedActions(d) : null;
  const openOrder = (orderId: number) => nav.go({ page: "orders", search: `#${orderId}`, orderId });

  // The dialogs are the drawer's siblings: a dialog inside another would hand its Escape to both.
  return (
    <>
      <Drawer
        label={`Subscription ${id}`}
        test="subscriber-detail"
        onClose={onClose}
        title={
          <>
            <h2>Subscription #{id}</h2>
            {s && <SubscriptionStatus status={s.status} />}
          </>
        }
        footer={
          d &&
          s &&
          can && (
            <div className="row wrap grow drawer-actions">
              {can.refund && (
                <button className="btn danger" onClick={() => setRefunding(true)} data-test="sub-refund">
                  <Undo2 size={15} /> Refund last payment
                </button>
              )}
              {can.remove && (
                <button className="btn danger" onClick={() => setRemoving(true)} data-test="sub-remove">
                  <UserMinus size={15} /> Remove now
                </button>
              )}
              <span className="grow" />
              {can.cancel && (
                <button className="btn" onClick={() => renewal.mutate(false)} disabled={renewal.isPending} data-test="sub-cancel">
                  {renewal.isPending ? <Spinner /> : <Pause size={15} />} Cancel renewal
                </button>
              )}
              {can.resume && (
                <button className="btn primary" onClick={() => renewal.mutate(true)} disabled={renewal.isPending} data-test="sub-resume">
                  {renewal.isPending ? <Spinner /> : <Play size={15} />} Re-enable renewal
                </button>
              )}
            </div>
          )
        }
      >
        {q.isLoading ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : (
          d &&
          s && (
            <>
              <section>
                <div className="section-title">Subscriber</div>
                <div className="row">
                  <Avatar id={s.customer_id} name={s.customer_name} large />
                  <div className="grow">
                    <div style={{ fontWeight: 600 }}>{s.customer_name}</div>
                    <div className="muted small">
                      {s.username ? `@${s.username} · ` : ""}Telegram id {s.customer_id}
                    </div>
                  </div>
                  <button className="btn sm" onClick={() => nav.go({ page: "orders", search: String(s.customer_id) })}>
                    Customer's orders
                  </button>
                </div>
              </section>
              <section>
                <div className="section-title">Subscription</div>
                <div className="kv">
                  <div className="k">Plan</div>
                  <div className="v">{s.plan_title}</div>
                  <div className="k">Renews at</div>
                  <div className="v">
                    <Stars n={s.price} /> <span className="muted small">Stars / 30 days</span>
                  </div>
                  <div className="k">Started</div>
                  <div className="v">{dateTime(s.started_at)}</div>
                  <div className="k">Paid until</div>
                  <div className="v">
                    {dateTime(s.paid_until)} <span className="muted small">{s.paid_until > d.now ? inTime(s.paid_until, d.now) : "over"}</span>
                  </div>
                  {s.access_until !== s.paid_until && (
                    <>
                      <div className="k">Access until</div>
                      <div className="v">
                        {dateTime(s.access_until)}{" "}
                        <span className="muted small">{s.access_until > s.paid_until ? "extended" : "ended early"}</span>
                      </div>
                    </>
                  )}
                  <div className="k">Access</div>
                  <div className="v">
                    {s.has_access ? (
                      <span className="badge green">In the channels</span>
                    ) : (
                      <span className="badge">No access</span>
                    )}
                  </div>
                  <div className="k">Channels</div>
                  <div className="v">{d.channels.length ? d.channels.map((c) => c.title).join(", ") : <span className="muted">None: the plan sends a text</span>}</div>
                  <div className="k">Renewals</div>
                  <div className="v tabular">{num(s.renewals)}</div>
                  <div className="k">Stars paid</div>
                  <div className="v">
                    <Stars n={s.stars_paid} />
                  </div>
                  {s.cancelled_at !== null && (
                    <>
                      <div className="k">Cancelled</div>
                      <div className="v">{dateTime(s.cancelled_at)}</div>
                    </>
                  )}
                  {s.ended_at !== null && (
                    <>
                      <div className="k">Ended</div>
                      <div className="v">{dateTime(s.ended_at)}</div>
                    </>
                  )}
                </div>
              </section>
              <section>
                <div className="section-title">Payments</div>
                {d.payments.length === 0 ? (
                  <div className="muted">No payment recorded.</div>
                ) : (
                  <div className="timeline">
                    {[...d.payments].reverse().map((p) => (
                      <PaymentStep key={p.order_id} p={p} first={p.order_id === d.payments[0].order_id} onOrder={() => openOrder(p.order_id)} />
                    ))}
                  </div>
                )}
              </section>
              {(d.removals.length > 0 || d.reminders.length > 0) && (
                <section>
                  <div className="section-title">Removals and reminders</div>
                  <div className="timeline">
                    {d.removals.map((r) => (
                      <div className="step" key={`r${r.id}`} data-test="sub-removal">
                        <div className={`mark ${r.state === "undone" ? "ok" : "bad"}`}>
                          <UserMinus size={13} />
                        </div>
                        <div>
                          <div className="title">
                            {r.state === "removing" ? "Being removed" : "Removed"}: {r.why}
                            {r.state === "undone" && <span className="badge green" style={{ marginLeft: 6 }}>Undone</span>}
                          </div>
                          <div className="muted small">
                            {dateTime(r.removed_at ?? r.created_at)} · by {r.actor_name || r.actor}
                            {r.undone_at !== null && ` · undone ${dateTime(r.undone_at)}`}
                            {r.told_at === null && r.state !== "removing" && " · not told yet"}
                          </div>
                        </div>
                      </div>
                    ))}
                    {d.reminders.map((r) => (
                      <div className="step" key={`m${r.days_before}-${r.sent_at}`}>
                        <div className="mark wait">
                          <Bell size={13} />
                        </div>
                        <div>
                          <div className="title">Reminded {plural(r.days_before, "day")} before the end</div>
                          <div className="muted small">
                            {dateTime(r.sent_at)} · {ago(r.sent_at)}
                          </div>
                        </div>
                      </div>
                    ))}
                  </div>
                </section>
              )}
              <section>
                <div className="section-title">Extend access</div>
                <ExtendForm s={s} now={d.now} />
              </section>
            </>
          )
        )}
      </Drawer>
      {removing && s && <RemoveDialog s={s} onClose={() => setRemoving(false)} />}
      {refunding && d && <RefundSubscriptionDialog detail={d} onClose={() => setRefunding(false)} />}
    </>
  );
}
