// Overview: is the bot running, what sold today, what needs the merchant, the latest orders.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  AlertTriangle,
  BarChart3,
  Bot,
  FlaskConical,
  Package,
  Play,
  Power,
  Receipt,
  Repeat,
  RotateCw,
  Settings as SettingsIcon,
  Star,
  Users,
} from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Attention } from "../bindings/Attention";
import type { DeskStatus } from "../bindings/DeskStatus";
import { resolveAttention } from "../api/attention";
import { restartBot, startBot, stopBot } from "../api/bot";
import { StopSellingDialog } from "../components/StopSelling";
import { errorMessage } from "../api/invoke";
import { deliverAgain } from "../api/orders";
import { latestOrders, revenueByDay } from "../api/reports";
import { RevenueChart } from "../components/RevenueChart";
import { useToast } from "../components/Toasts";
import { Avatar, BotStateBadge, EmptyState, ErrorState, Loading, OrderStatus, Segmented, Spinner, Stars } from "../components/ui";
import { useZoneNote } from "../lib/zone";
import { addDays, ago, locale, num, shopDay, time } from "../lib/format";
import { useLive } from "../live";
import { useNav } from "../nav";
import { RunningLowCard } from "./catalog/RunningLow";
import { setStatus, useAttention, useOverview, usePlans, useStatus, useSubscriptionFigures } from "../queries";

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

function BotCard({ status }: { status: DeskStatus }) {
  const { t } = useTranslation(["overview", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const nav = useNav();
  const now = useNow(5000);
  const act = useMutation({
    mutationFn: (what: "start" | "stop" | "restart") =>
      what === "start" ? startBot() : what === "stop" ? stopBot() : restartBot(),
    onSuccess: (s) => setStatus(qc, s),
    onError: (e) => toast.show("error", t("bot.didNotRespond"), errorMessage(e)),
  });
  const [asking, setAsking] = useState(false);
  const { bot } = status;
  const stateClass = bot.state;
  return (
    <div className="card">
      <div className="status-card">
        <div className={`status-orb ${stateClass}`}>
          <Bot size={22} />
        </div>
        <div className="grow" style={{ minWidth: 0 }}>
          <div className="row">
            <h2 style={{ fontSize: 16 }}>{bot.bot_username ? `@${bot.bot_username}` : t("common:bot.yourBot")}</h2>
            <BotStateBadge state={bot.state} />
            {status.mode === "demo" && <span className="badge accent">{t("bot.demoMode")}</span>}
          </div>
          <div className="muted small" style={{ marginTop: 3 }}>
            {bot.state === "running" &&
              (bot.last_update_at
                ? t("bot.listening", { ago: ago(bot.last_update_at, now) })
                : t("bot.listeningNoUpdates"))}
            {bot.state === "starting" && t("bot.connecting")}
            {bot.state === "stopped" && t("bot.stopped")}
            {bot.state === "failing" && (bot.last_error ?? t("bot.unreachable"))}
          </div>
        </div>
        <div className="row">
          {bot.state === "failing" && (
            <button className="btn" onClick={() => nav.go("settings")}>
              <SettingsIcon size={15} /> {t("bot.checkSettings")}
            </button>
          )}
          {bot.state === "stopped" ? (
            <button className="btn primary" onClick={() => act.mutate("start")} disabled={act.isPending}>
              {act.isPending ? <Spinner /> : <Play size={15} />} {t("bot.start")}
            </button>
          ) : (
            <>
              <button className="btn" onClick={() => act.mutate("restart")} disabled={act.isPending} title={t("bot.restartTitle")}>
                <RotateCw size={15} /> {t("bot.restart")}
              </button>
              <button className="btn" onClick={() => setAsking(true)} disabled={act.isPending} title={t("bot.stopTitle")} data-test="stop-bot">
                <Power size={15} /> {t("bot.stop")}
              </button>
            </>
          )}
        </div>
      </div>
      {asking && (
        <StopSellingDialog
          onCancel={() => setAsking(false)}
          onStop={() => {
            setAsking(false);
            act.mutate("stop");
          }}
        />
      )}
    </div>
  );
}

function Figures() {
  const { t } = useTranslation(["overview", "common"]);
  const q = useOverview();
  const f = q.data;
  const cell = (label: string, icon: React.ReactNode, value: React.ReactNode, hint: string) => (
    <div className="card figure">
      <div className="label">
        {icon}
        {label}
      </div>
      <div className="value tabular">{q.isLoading ? <span className="skeleton" style={{ width: 80, height: 22 }} /> : value}</div>
      <div className="hint">{hint}</div>
    </div>
  );
  if (q.isError) return <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />;
  return (
    <div className="grid-4">
      {cell(
        t("figures.todayStars"),
        <Star size={14} />,
        <Stars n={f?.today_stars ?? 0} size={20} />,
        f && f.today_refunds > 0 ? t("figures.afterRefunds", { count: f.today_refunds }) : t("figures.sinceMidnight"),
      )}
      {cell(t("figures.todayOrders"), <Receipt size={14} />, num(f?.today_orders ?? 0), t("figures.paidSinceMidnight"))}
      {cell(t("figures.customers"), <Users size={14} />, num(f?.customers ?? 0), t("figures.customersHint"))}
      {cell(t("figures.productsOnSale"), <Package size={14} />, num(f?.products_on_sale ?? 0), t("figures.inCatalog"))}
    </div>
  );
}

/** Subscriptions at a glance, once the shop has a plan. */
function SubscriptionFigures() {
  const { t } = useTranslation(["overview", "common"]);
  const nav = useNav();
  const plans = usePlans();
  const has = (plans.data?.length ?? 0) > 0;
  const q = useSubscriptionFigures(has);
  if (!has) return null;
  const f = q.data;
  const cell = (label: string, value: React.ReactNode, hint: string) => (
    <div className="sub-figure">
      <div className="label">{label}</div>
      <div className="value tabular">{q.isLoading ? <span className="skeleton" style={{ width: 60, height: 20 }} /> : value}</div>
      <div className="hint">{hint}</div>
    </div>
  );
  return (
    <div className="card" data-test="sub-figures">
      <div className="card-head">
        <h2 className="row">
          <Repeat size={15} /> {t("common:pages.subscriptions")}
        </h2>
        <button className="btn sm ghost" onClick={() => nav.go("subscriptions")}>
          {t("subs.open")}
        </button>
      </div>
      {q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : (
        <div className="sub-figures">
          {cell(t("subs.active"), num(f?.active ?? 0), t("subs.activeHint"))}
          {cell(t("subs.mrr"), <Stars n={f?.mrr ?? 0} size={18} />, t("subs.mrrHint"))}
          {cell(t("subs.renewals"), num(f?.renewals_due_week ?? 0), t("subs.renewalsHint"))}
          {cell(t("subs.lapses"), num(f?.lapses_week ?? 0), t("subs.lapsesHint"))}
        </div>
      )}
    </div>
  );
}

/** The periods the chart shows; their names are `overview:revenue.range.<value>`. */
const RANGES = ["30", "90", "365"] as const;

function Revenue() {
  const { t } = useTranslation(["overview", "common"]);
  const [range, setRange] = useState<"30" | "90" | "365">("30");
  const days = Number(range);
  // The shop's today, from the core: the range ends on it, whatever the browser's date.
  const figures = useOverview();
  const today = figures.data?.today;
  const zone = useZoneNote();
  const q = useQuery({
    queryKey: ["revenue", range, today],
    queryFn: () => revenueByDay(addDays(today!, -(days - 1)), today!),
    enabled: today !== undefined,
  });
  const total = q.data?.reduce((s, d) => s + d.stars - d.refunded_stars, 0) ?? 0;
  const orders = q.data?.reduce((s, d) => s + d.orders, 0) ?? 0;
  return (
    <div className="card">
      <div className="card-head">
        <div>
          <h2>{t("revenue.title")}</h2>
          <div className="muted small">
            <span data-test="revenue-total">
              <Stars n={total} size={12} />
            </span>{" "}
            {t("revenue.fromOrders", { count: orders })}
            {zone && <> · {t("revenue.zone", { zone })}</>}
          </div>
        </div>
        <Segmented
          label={t("revenue.period")}
          value={range}
          options={RANGES.map((value) => ({ value, label: t(`revenue.range.${value}`) }))}
          onChange={setRange}
        />
      </div>
      <div className="card-body">
        {q.isLoading || figures.isLoading ? (
          <Loading />
        ) : figures.isError ? (
          <ErrorState message={errorMessage(figures.error)} onRetry={() => figures.refetch()} />
        ) : q.isError ? (
          <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
        ) : orders === 0 ? (
          <EmptyState icon={<BarChart3 size={24} />} title={t("revenue.emptyTitle")}>
            {t("revenue.emptyBody")}
          </EmptyState>
        ) : (
          <RevenueChart days={q.data ?? []} />
        )}
      </div>
    </div>
  );
}

function AttentionCard({ items }: { items: Attention[] }) {
  const { t } = useTranslation(["overview", "common"]);
  const qc = useQueryClient();
  const toast = useToast();
  const nav = useNav();
  const fix = useMutation({
    mutationFn: async (a: Attention) => {
      if (a.kind === "delivery_failed" && a.order_id !== null) {
        await deliverAgain(a.order_id);
      } else {
        await resolveAttention(a.id);
      }
    },
    onSuccess: (_, a) => {
      void qc.invalidateQueries({ queryKey: ["attention"] });
      void qc.invalidateQueries({ queryKey: ["overview"] });
      toast.show("success", a.kind === "delivery_failed" ? t("attention.delivered", { id: a.order_id }) : t("attention.handled"));
    },
    onError: (e) => toast.show("error", t("attention.couldNotFix"), errorMessage(e)),
  });
  return (
    <div className="card">
      <div className="card-head">
        <h2 className="row">
          <AlertTriangle size={16} color="var(--amber)" /> {t("attention.title")}
        </h2>
        <span className="badge amber">{items.length}</span>
      </div>
      <div>
        {items.map((a) => (
          <div className="attention-item" key={a.id}>
            <AlertTriangle size={16} className="a-icon" />
            <div className="grow">
              <div>{a.message}</div>
              <div className="muted small">{ago(a.created_at)}</div>
            </div>
            <div className="row">
              {a.order_id !== null && (
                <button className="btn sm" onClick={() => nav.go({ page: "orders", search: `#${a.order_id}`, orderId: a.order_id! })}>
                  {t("attention.openOrder")}
                </button>
              )}
              <button
                className="btn sm primary"
                disabled={fix.isPending}
                onClick={() => fix.mutate(a)}
              >
                {a.kind === "delivery_failed" ? t("attention.deliverAgain") : t("attention.markHandled")}
              </button>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function LatestOrders() {
  const { t } = useTranslation(["overview", "common"]);
  const nav = useNav();
  const { freshOrders } = useLive();
  const q = useQuery({ queryKey: ["latest"], queryFn: () => latestOrders(8) });
  return (
    <div className="card">
      <div className="card-head">
        <h2>{t("latest.title")}</h2>
        <button className="btn sm ghost" onClick={() => nav.go("orders")}>
          {t("latest.all")}
        </button>
      </div>
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState message={errorMessage(q.error)} onRetry={() => q.refetch()} />
      ) : q.data!.length === 0 ? (
        <EmptyState icon={<Receipt size={24} />} title={t("latest.emptyTitle")}>
          {t("latest.emptyBody")}
        </EmptyState>
      ) : (
        <div className="list" aria-label={t("latest.title")}>
          {q.data!.map((o) => (
            <div
              key={o.id}
              className={`list-item clickable ${freshOrders.has(String(o.id)) ? "flash" : ""}`}
              onClick={() => nav.go({ page: "orders", orderId: o.id })}
            >
              <Avatar id={o.customer_id} name={o.customer_name} />
              <div className="grow" style={{ minWidth: 0 }}>
                <div className="ellipsis">
                  <span style={{ fontWeight: 560 }}>{o.customer_name}</span>
                  {o.customer_username && <span className="muted small"> @{o.customer_username}</span>}
                </div>
                <div className="muted small ellipsis">
                  #{o.id} · {o.product_title}
                </div>
              </div>
              <div style={{ textAlign: "right" }}>
                <Stars n={o.stars} />
                <div className="muted small">{time(o.created_at)}</div>
              </div>
              <OrderStatus status={o.status} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export function OverviewPage() {
  const { t } = useTranslation(["overview", "common"]);
  const status = useStatus();
  const attention = useAttention();
  const nav = useNav();
  // The shop's day (its time zone's), drawn as the calendar day it is.
  const day = useOverview().data?.today ?? shopDay(Date.now() / 1000);
  const today = new Intl.DateTimeFormat(locale(), { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("common:pages.overview")}</h1>
          <p>{today}</p>
        </div>
      </div>
      {status.data?.mode === "demo" && (
        <div className="banner demo">
          <div className="icon">
            <FlaskConical size={18} />
          </div>
          <div className="grow">
            <h3>{t("demo.title")}</h3>
            <p>{t("demo.body")}</p>
          </div>
          <button className="btn" onClick={() => nav.go("demo")}>
            {t("demo.tryPurchase")}
          </button>
          <button className="btn primary" onClick={() => nav.go("settings")}>
            {t("demo.connect")}
          </button>
        </div>
      )}
      <div className="stack">
        {status.isLoading ? (
          <div className="card">
            <Loading label={t("bot.startingBot")} />
          </div>
        ) : status.isError ? (
          <ErrorState message={errorMessage(status.error)} onRetry={() => status.refetch()} />
        ) : (
          <BotCard status={status.data!} />
        )}
        {attention.data && attention.data.length > 0 && <AttentionCard items={attention.data} />}
        <RunningLowCard />
        <Figures />
        <SubscriptionFigures />
        <div className="grid-2">
          <Revenue />
          <LatestOrders />
        </div>
      </div>
    </div>
  );
}
