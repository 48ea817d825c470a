// One subscription: its facts, every payment (each an order), removals and reminders, and what
// the merchant can do about it, offered only where its state allows.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, CalendarPlus, CheckCircle2, Pause, Play, Undo2, UserMinus, XCircle } from "lucide-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SubPayment } from "../../bindings/SubPayment";
import type { Subscriber } from "../../bindings/Subscriber";
import type { SubscriberDetail } from "../../bindings/SubscriberDetail";
import { errorMessage } from "../../api/invoke";
import { extendAccess, removeSubscriber, setRenewal, subscriberDetail } from "../../api/subscriptions";
import { useToast } from "../../components/Toasts";
import { Avatar, Drawer, ErrorState, Field, Loading, Modal, Spinner, Stars, SubscriptionStatus } from "../../components/ui";
import { ago, dateTime, num } from "../../lib/format";
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
  const { t } = useTranslation("subscriptions");
  return (
    <div className="step" data-test="sub-payment">
      <div className={`mark ${p.refunded ? "bad" : "ok"}`}>{p.refunded ? <XCircle size={14} /> : <CheckCircle2 size={14} />}</div>
      <div>
        <div className="title row wrap" style={{ gap: 6 }}>
          {first ? t("drawer.firstPayment") : t("drawer.renewal")} · <Stars n={p.stars} size={13} />
          <button className="btn sm ghost link" onClick={onOrder} title={t("drawer.openOrder")} data-test="sub-payment-order">
            {t("drawer.order", { id: p.order_id })}
          </button>
          {p.refunded && <span className="badge red">{t("drawer.refunded")}</span>}
          {p.recovered && <span className="badge blue">{t("drawer.recovered")}</span>}
        </div>
        <div className="muted small">
          {dateTime(p.paid_at)}
          {p.paid_until !== null && ` · ${t("drawer.paidUntil", { date: dateTime(p.paid_until) })}`}
        </div>
        {p.refunded_at !== null && <div className="small" style={{ color: "var(--red)" }}>{t("drawer.refundedAt", { date: dateTime(p.refunded_at) })}</div>}
      </div>
    </div>
  );
}

function RemoveDialog({ s, onClose }: { s: Subscriber; onClose: () => void }) {
  const { t } = useTranslation(["subscriptions", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: () => removeSubscriber(s.id, reason.trim()),
    onSuccess: () => {
      toast.show("success", t("drawer.remove.done", { name: s.customer_name, plan: s.plan_title }), t("drawer.remove.doneBody"));
      refreshSubscriptions(qc);
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Modal
      title={t("drawer.remove.title", { name: s.customer_name })}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t("common:actions.cancel")}
          </button>
          <button className="btn danger solid" onClick={() => m.mutate()} disabled={m.isPending} data-test="sub-remove-confirm">
            {m.isPending ? <Spinner /> : <UserMinus size={15} />} {t("drawer.remove.confirm")}
          </button>
        </>
      }
    >
      <div className="form">
        <p style={{ margin: 0 }}>
          {t("drawer.remove.body", { name: s.customer_name, plan: s.plan_title, date: dateTime(s.access_until) })}
          {s.status === "active" && ` ${t("drawer.remove.bodyActive")}`} {t("drawer.remove.nothingRefunded")}
        </p>
        <Field label={t("drawer.remove.reason")} hint={t("drawer.remove.reasonHint")}>
          {(p) => (
            <input
              {...p}
              className="input"
              name="remove-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t("drawer.remove.reasonPlaceholder")}
              data-test="sub-remove-reason"
            />
          )}
        </Field>
        {error && (
          <div className="banner error" role="alert" style={{ marginBottom: 0 }}>
            <div className="grow">
              <h3>{t("drawer.remove.failed")}</h3>
              <p>{error}</p>
            </div>
          </div>
        )}
      </div>
    </Modal>
  );
}

function ExtendForm({ s, now }: { s: Subscriber; now: number }) {
  const { t } = useTranslation("subscriptions");
  const qc = useQueryClient();
  const toast = useToast();
  const [days, setDays] = useState("7");
  const [reason, setReason] = useState("");
  const [shown, setShown] = useState(false);
  const n = /^\d+$/.test(days.trim()) ? Number(days.trim()) : NaN;
  const daysProblem = n >= 1 && n <= 365 ? null : t("drawer.extend.daysProblem");
  const reasonProblem = reason.trim() ? null : t("drawer.extend.reasonProblem");
  const m = useMutation({
    mutationFn: () => extendAccess(s.id, n, reason.trim()),
    onSuccess: (after) => {
      toast.show(
        "success",
        t("drawer.extend.done", { count: n }),
        t(s.has_access ? "drawer.extend.doneBody" : "drawer.extend.doneBodyInvite", {
          name: after.customer_name,
          date: dateTime(after.access_until),
        }),
      );
      setReason("");
      setShown(false);
      refreshSubscriptions(qc);
    },
    onError: (e) => toast.show("error", t("drawer.extend.failed"), errorMessage(e)),
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
        <Field label={t("drawer.extend.days")} error={shown ? daysProblem : null}>
          {(p) => (
            <input {...p} className="input" inputMode="numeric" name="extend-days" value={days} onChange={(e) => setDays(e.target.value)} data-test="sub-extend-days" />
          )}
        </Field>
        <Field label={t("drawer.extend.reason")} error={shown ? reasonProblem : null}>
          {(p) => (
            <input
              {...p}
              className="input"
              name="extend-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t("drawer.extend.reasonPlaceholder")}
              data-test="sub-extend-reason"
            />
          )}
        </Field>
      </div>
      <div className="row">
        <span className="muted small grow">
          {daysProblem === null
            ? t("drawer.extend.until", { date: dateTime(base + n * 86400) })
            : t("drawer.extend.longer")}
          {!s.has_access && ` ${t("drawer.extend.newInvite")}`}
        </span>
        <button className="btn" type="submit" disabled={m.isPending} data-test="sub-extend">
          {m.isPending ? <Spinner /> : <CalendarPlus size={15} />} {t("drawer.extend.submit")}
        </button>
      </div>
    </form>
  );
}

export function SubscriberDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation("subscriptions");
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
        renew ? t("drawer.renewalOn") : t("drawer.renewalOff"),
        renew
          ? t("drawer.renewalOnBody", { count: s.price, date: dateTime(s.paid_until) })
          : t("drawer.renewalOffBody", { name: s.customer_name, date: dateTime(s.access_until) }),
      );
      refreshSubscriptions(qc);
    },
    onError: (e) => toast.show("error", t("drawer.renewalNotChanged"), errorMessage(e)),
  });
  const d = q.data;
  const s = d?.subscriber;
  const can = d ? allowedActions(d) : null;
  const openOrder = (orderId: number) => nav.go({ page: "orders", search: `#${orderId}`, orderId });

  // The dialogs are the drawer's siblings: a dialog inside another would hand its Escape to both.
  return (
    <>
      <Drawer
        label={t("drawer.label", { id })}
        test="subscriber-detail"
        onClose={onClose}
        title={
          <>
            <h2>{t("drawer.heading", { id })}</h2>
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
                  <Undo2 size={15} /> {t("drawer.refundLast")}
                </button>
              )}
              {can.remove && (
                <button className="btn danger" onClick={() => setRemoving(true)} data-test="sub-remove">
                  <UserMinus size={15} /> {t("drawer.removeNow")}
                </button>
              )}
              <span className="grow" />
              {can.cancel && (
                <button className="btn" onClick={() => renewal.mutate(false)} disabled={renewal.isPending} data-test="sub-cancel">
                  {renewal.isPending ? <Spinner /> : <Pause size={15} />} {t("drawer.cancelRenewal")}
                </button>
              )}
              {can.resume && (
                <button className="btn primary" onClick={() => renewal.mutate(true)} disabled={renewal.isPending} data-test="sub-resume">
                  {renewal.isPending ? <Spinner /> : <Play size={15} />} {t("drawer.resumeRenewal")}
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
                <div className="section-title">{t("drawer.sections.subscriber")}</div>
                <div className="row">
                  <Avatar id={s.customer_id} name={s.customer_name} large />
                  <div className="grow">
                    <div style={{ fontWeight: 600 }}>{s.customer_name}</div>
                    <div className="muted small">
                      {s.username ? `@${s.username} · ` : ""}
                      {t("drawer.telegramId", { id: s.customer_id })}
                    </div>
                  </div>
                  <button className="btn sm" onClick={() => nav.go({ page: "orders", search: String(s.customer_id) })}>
                    {t("drawer.customerOrders")}
                  </button>
                </div>
              </section>
              <section>
                <div className="section-title">{t("drawer.sections.subscription")}</div>
                <div className="kv">
                  <div className="k">{t("drawer.plan")}</div>
                  <div className="v">{s.plan_title}</div>
                  <div className="k">{t("drawer.renewsAt")}</div>
                  <div className="v">
                    <Stars n={s.price} /> <span className="muted small">{t("plans.perPeriod")}</span>
                  </div>
                  <div className="k">{t("drawer.started")}</div>
                  <div className="v">{dateTime(s.started_at)}</div>
                  <div className="k">{t("drawer.paidUntilLabel")}</div>
                  <div className="v">
                    {dateTime(s.paid_until)}{" "}
                    <span className="muted small">{s.paid_until > d.now ? inTime(s.paid_until, d.now) : t("drawer.over")}</span>
                  </div>
                  {s.access_until !== s.paid_until && (
                    <>
                      <div className="k">{t("drawer.accessUntil")}</div>
                      <div className="v">
                        {dateTime(s.access_until)}{" "}
                        <span className="muted small">{s.access_until > s.paid_until ? t("drawer.extended") : t("drawer.endedEarly")}</span>
                      </div>
                    </>
                  )}
                  <div className="k">{t("drawer.access")}</div>
                  <div className="v">
                    {s.has_access ? (
                      <span className="badge green">{t("drawer.inChannels")}</span>
                    ) : (
                      <span className="badge">{t("drawer.noAccess")}</span>
                    )}
                  </div>
                  <div className="k">{t("drawer.channels")}</div>
                  <div className="v">
                    {d.channels.length ? d.channels.map((c) => c.title).join(", ") : <span className="muted">{t("drawer.textOnly")}</span>}
                  </div>
                  <div className="k">{t("drawer.renewals")}</div>
                  <div className="v tabular">{num(s.renewals)}</div>
                  <div className="k">{t("drawer.starsPaid")}</div>
                  <div className="v">
                    <Stars n={s.stars_paid} />
                  </div>
                  {s.cancelled_at !== null && (
                    <>
                      <div className="k">{t("drawer.cancelled")}</div>
                      <div className="v">{dateTime(s.cancelled_at)}</div>
                    </>
                  )}
                  {s.ended_at !== null && (
                    <>
                      <div className="k">{t("drawer.ended")}</div>
                      <div className="v">{dateTime(s.ended_at)}</div>
                    </>
                  )}
                </div>
              </section>
              <section>
                <div className="section-title">{t("drawer.sections.payments")}</div>
                {d.payments.length === 0 ? (
                  <div className="muted">{t("drawer.noPayment")}</div>
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
                  <div className="section-title">{t("drawer.sections.history")}</div>
                  <div className="timeline">
                    {d.removals.map((r) => (
                      <div className="step" key={`r${r.id}`} data-test="sub-removal">
                        <div className={`mark ${r.state === "undone" ? "ok" : "bad"}`}>
                          <UserMinus size={13} />
                        </div>
                        <div>
                          <div className="title">
                            {t("drawer.removal.line", {
                              state: r.state === "removing" ? t("drawer.removal.removing") : t("drawer.removal.removed"),
                              why: r.why,
                            })}
                            {r.state === "undone" && (
                              <span className="badge green" style={{ marginLeft: 6 }}>
                                {t("drawer.removal.undone")}
                              </span>
                            )}
                          </div>
                          <div className="muted small">
                            {dateTime(r.removed_at ?? r.created_at)} · {t("drawer.removal.by", { who: r.actor_name || r.actor })}
                            {r.undone_at !== null && ` · ${t("drawer.removal.undoneAt", { date: dateTime(r.undone_at) })}`}
                            {r.told_at === null && r.state !== "removing" && ` · ${t("drawer.removal.notTold")}`}
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
                          <div className="title">{t("drawer.reminded", { count: r.days_before })}</div>
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
                <div className="section-title">{t("drawer.sections.extend")}</div>
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
