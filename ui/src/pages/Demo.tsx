// Demo: a simulated shopper that talks to the bot through the simulator, so the merchant can
// rehearse the whole flow (open the shop, buy, receive the goods, a promo code, a referral)
// before connecting a real bot.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import i18next from "i18next";
import { CalendarClock, FileText, FlaskConical, Gift, MessageCircle, Plus, Repeat, SendHorizontal, ShoppingBag, Star, Store, TicketPercent, UserPlus } from "lucide-react";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { ChatLine } from "../bindings/ChatLine";
import type { DemoStep } from "../bindings/DemoStep";
import type { Lang } from "../bindings/Lang";
import type { Shopper } from "../bindings/Shopper";
import { buyProduct, chat, createShopper, later, openLink, openShop, payInvoice, pressButton, referFriend, sendMessage, shoppers, simulatedNow } from "../api/demo";
import { plansList } from "../api/commands";
import { errorMessage } from "../api/invoke";
import { chatText } from "../components/ChatText";
import { useToast } from "../components/Toasts";
import { LANGUAGE_NAMES, LANGUAGES } from "../i18n";
import { Avatar, EmptyState, Spinner, Stars } from "../components/ui";
import { startCommand } from "../lib/deepLinks";
import { dateTime, num } from "../lib/format";
import { useNav } from "../nav";
import { useProducts, useStatus } from "../queries";

/** Sample first names for simulated customers (names, not words: the same in every language). */
const NAMES = ["Maya", "Jonas", "Priya", "Kenji", "Sofia", "Omar", "Lena", "Mateo"];

/** The demo shop's sample promo code (seeded on its first start). */
export const SAMPLE_PROMO = "WELCOME10";

/** The bot writes amounts with ⭐; not every system has an emoji font, so it is drawn. */
export function withStars(text: string): ReactNode[] {
  return text.split("⭐").flatMap((part, i) =>
    i === 0 ? [part] : [<Star key={i} size={13} className="inline-star" fill="currentColor" aria-label={i18next.t("common:starsWord")} />, part],
  );
}

function Chat({
  lines,
  busy,
  onPress,
  onPay,
  onLink,
}: {
  lines: ChatLine[];
  busy: boolean;
  onPress: (l: ChatLine, data: string) => void;
  onPay: (l: ChatLine) => void;
  onLink: (url: string) => void;
}) {
  const { t } = useTranslation("demo");
  // The newest message in view: the log itself scrolls to its end (the page around it stays put).
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);
  return (
    <div className="chat-log" aria-label={t("chat.label")} aria-live="polite" ref={log}>
      {lines.length === 0 && <div className="service">{t("chat.empty")}</div>}
      {lines.map((l) => {
        if (l.paid !== null) {
          return (
            <div key={l.message_id} className="service">
              {t("chat.paid", { count: l.paid, n: num(l.paid) })}
            </div>
          );
        }
        if (l.refunded !== null) {
          return (
            <div key={l.message_id} className="service">
              {t("chat.refunded", { count: l.refunded, n: num(l.refunded) })}
            </div>
          );
        }
        if (l.invoice) {
          return (
            <div key={l.message_id} className="invoice" data-test="invoice">
              <div className="inv-top">
                <div className="inv-title">{l.invoice.title}</div>
                <div className="muted small">{l.invoice.description}</div>
                <div style={{ marginTop: 6 }}>
                  <Stars n={l.invoice.amount} />
                </div>
              </div>
              <button onClick={() => onPay(l)} disabled={busy}>
                <Star size={14} fill="currentColor" /> {t("chat.pay", { count: l.invoice.amount, n: num(l.invoice.amount) })}
              </button>
            </div>
          );
        }
        return (
          <div key={l.message_id} style={{ display: "contents" }}>
            <div className={`bubble ${l.from_bot ? "" : "me"}`} data-from={l.from_bot ? "bot" : "customer"}>
              {l.document !== null && (
                <div className="doc">
                  <FileText size={16} /> {l.document}
                </div>
              )}
              {chatText(l.text, l.entities ?? [], { onLink, decorate: withStars })}
            </div>
            {l.buttons.length > 0 && (
              <div className="bubble-buttons">
                {l.buttons.map((row, i) => (
                  <div className="brow" key={i}>
                    {row.map((b, j) => (
                      <button
                        key={j}
                        disabled={busy || (b.data === null && b.url === null)}
                        onClick={() => (b.data ? onPress(l, b.data) : b.url && onLink(b.url))}
                        title={b.url ?? undefined}
                        data-link={b.url ? "true" : undefined}
                      >
                        {withStars(b.text)}
                        {b.url && <span className="link-mark" aria-hidden="true"> ↗</span>}
                      </button>
                    ))}
                  </div>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

export function DemoPage() {
  const { t } = useTranslation(["demo", "common"]);
  const status = useStatus();
  const nav = useNav();
  const toast = useToast();
  const qc = useQueryClient();
  const products = useProducts(false);
  const list = useQuery({ queryKey: ["shoppers"], queryFn: shoppers });
  const [selected, setSelected] = useState<Shopper | null>(null);
  const [name, setName] = useState("");
  const [productId, setProductId] = useState<string>("");
  const [message, setMessage] = useState("");
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [opened, setOpened] = useState(false);
  const [bought, setBought] = useState(false);
  const [planId, setPlanId] = useState<string>("");
  const plans = useQuery({ queryKey: ["plans"], queryFn: plansList, enabled: status.data?.mode === "demo" });
  const onSale = (plans.data ?? []).filter((p) => p.active);
  const clock = useQuery({ queryKey: ["demo-now"], queryFn: simulatedNow, enabled: status.data?.mode === "demo" });
  useEffect(() => {
    if (!planId && onSale.length > 0) setPlanId(String(onSale[0].id));
  }, [onSale.length, planId]);

  useEffect(() => {
    if (!selected && list.data && list.data.length > 0) setSelected(list.data[list.data.length - 1]);
  }, [list.data, selected]);
  useEffect(() => {
    if (!productId && products.data && products.data.length > 0) setProductId(String(products.data[0].id));
  }, [products.data, productId]);

  const history = useQuery({
    queryKey: ["chat", selected?.id],
    queryFn: () => chat(selected!.id),
    enabled: selected !== null && status.data?.mode === "demo",
  });
  useEffect(() => {
    if (history.data) setLines(history.data);
  }, [history.data]);
  // The receipt and anything else the bot sends later arrive with core's order events, which
  // invalidate "chat" (see live.tsx).

  // The language the next shopper's Telegram speaks: the bot answers them in it.
  const [shopperLang, setShopperLang] = useState<Lang>("en");
  const create = useMutation({
    mutationFn: () => createShopper(name.trim() || NAMES[(list.data?.length ?? 0) % NAMES.length], shopperLang),
    onSuccess: (s) => {
      setName("");
      setSelected(s);
      setLines([]);
      setOpened(false);
      setBought(false);
      void qc.invalidateQueries({ queryKey: ["shoppers"] });
    },
    onError: (e) => toast.show("error", t("toast.notCreated"), errorMessage(e)),
  });

  const step = useMutation({
    mutationFn: async (f: () => Promise<ChatLine[] | DemoStep>) => f(),
    onSuccess: (r) => {
      // A payment, a renewal or a refund changes the customer's Stars.
      void qc.invalidateQueries({ queryKey: ["shoppers"] });
      if (Array.isArray(r)) {
        setLines(r);
      } else {
        setLines(r.chat);
        const p = r.purchase;
        if (p?.status === "paid") {
          setBought(true);
          // A toast is plain text: the bot's ⭐ is written out there.
          toast.show("success", t("toast.paid"), p.goods?.replace(/\s*⭐/g, " Stars") ?? t("toast.goodsArrived"));
        } else if (p) {
          const title =
            p.status === "refused"
              ? t("toast.noInvoice")
              : p.status === "declined" || p.status === "timeout" || p.status === "insufficient_stars"
                ? t(`toast.payment.${p.status}`)
                : t("toast.paymentOther", { status: p.status.replace(/_/g, " ") });
          toast.show("error", title, p.error_message ?? undefined);
        }
      }
    },
    onError: (e) => toast.show("error", t("toast.failed"), errorMessage(e)),
  });
  const refer = useMutation({
    mutationFn: ({ referrer, friend }: { referrer: Shopper; friend: string }) => referFriend(referrer.id, friend),
    onSuccess: (r, { referrer }) => {
      qc.setQueryData(["chat", r.friend.id], r.chat);
      setSelected(r.friend);
      setLines(r.chat);
      setOpened(true);
      setBought(false);
      void qc.invalidateQueries({ queryKey: ["shoppers"] });
      toast.show(
        "success",
        t("toast.referredTitle", { friend: r.friend.first_name, referrer: referrer.first_name }),
        t("toast.referredBody", { friend: r.friend.first_name, referrer: referrer.first_name }),
      );
    },
    onError: (e) => toast.show("error", t("toast.notReferred"), errorMessage(e)),
  });
  const timeTravel = useMutation({
    mutationFn: (days: number) => later(days),
    onSuccess: (_, days) => {
      void qc.invalidateQueries({ queryKey: ["demo-now"] });
      void qc.invalidateQueries({ queryKey: ["shoppers"] });
      void qc.invalidateQueries({ queryKey: ["chat"] });
      toast.show(
        "success",
        t("toast.later", { count: days }),
        t("toast.laterBody"),
      );
    },
    onError: (e) => toast.show("error", t("toast.clockStuck"), errorMessage(e)),
  });
  const busy = step.isPending || refer.isPending;
  const nextName = NAMES[(list.data?.length ?? 0) % NAMES.length];

  if (status.data && status.data.mode !== "demo") {
    return (
      <div className="page">
        <div className="page-head">
          <div>
            <h1>{t("common:pages.demo")}</h1>
            <p>{t("real.intro")}</p>
          </div>
        </div>
        <div className="card">
          <EmptyState
            icon={<FlaskConical size={24} />}
            title={t("real.title")}
            action={
              <button className="btn" onClick={() => nav.go("settings")}>
                {t("real.openSettings")}
              </button>
            }
          >
            {t("real.body")}
          </EmptyState>
        </div>
      </div>
    );
  }

  const user = selected?.id;
  const botUsername = status.data?.bot.bot_username;
  // The balance as last read: the selected customer's copy in state is from when it was chosen.
  const current = list.data?.find((s) => s.id === user) ?? selected;
  const buy = () => user !== undefined && productId && step.mutate(() => buyProduct(user, Number(productId)));
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (user === undefined || !message.trim()) return;
    // A link to the demo bot, pasted, opens the bot as Telegram would: /start with its parameter.
    const text = startCommand(message, botUsername) ?? message;
    setMessage("");
    step.mutate(() => sendMessage(user, text));
  };

  return (
    <div className="page fill">
      <div className="page-head">
        <div>
          <h1>{t("common:pages.demo")}</h1>
          <p>{t("intro")}</p>
        </div>
      </div>
      <div className="demo-grid">
        <div className="demo-side">
          <div className="card card-body">
            <ol className="steps">
              <li>
                <span className={`n ${selected ? "done" : ""}`}>1</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.create.title")}</div>
                  <form
                    className="row"
                    style={{ marginTop: 8 }}
                    onSubmit={(e) => {
                      e.preventDefault();
                      create.mutate();
                    }}
                  >
                    <input className="input" name="shopper-name" placeholder={t("steps.create.placeholder", { name: NAMES[(list.data?.length ?? 0) % NAMES.length] })} value={name} onChange={(e) => setName(e.target.value)} aria-label={t("steps.create.label")} />
                    <select
                      className="input"
                      name="shopper-lang"
                      style={{ width: "auto" }}
                      value={shopperLang}
                      onChange={(e) => setShopperLang(e.target.value as Lang)}
                      aria-label={t("steps.create.language")}
                      title={t("steps.create.languageHint")}
                    >
                      {LANGUAGES.map((l) => (
                        <option key={l} value={l}>
                          {LANGUAGE_NAMES[l]}
                        </option>
                      ))}
                    </select>
                    <button className="btn" type="submit" disabled={create.isPending} data-test="create-shopper">
                      {create.isPending ? <Spinner /> : <UserPlus size={15} />} {t("steps.create.button")}
                    </button>
                  </form>
                </div>
              </li>
              <li>
                <span className={`n ${opened || lines.length > 0 ? "done" : ""}`}>2</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.open.title")}</div>
                  <button
                    className="btn"
                    style={{ marginTop: 8 }}
                    disabled={user === undefined || busy}
                    onClick={() => {
                      setOpened(true);
                      step.mutate(() => openShop(user!));
                    }}
                    data-test="open-shop"
                  >
                    <Store size={15} /> {t("send", { command: "/start" })}
                  </button>
                </div>
              </li>
              <li>
                <span className={`n ${bought ? "done" : ""}`}>3</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.buy.title")}</div>
                  <div className="muted small">{t("steps.buy.body")}</div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <select className="select" aria-label={t("steps.buy.label")} value={productId} onChange={(e) => setProductId(e.target.value)}>
                      {(products.data ?? []).map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.title} · {num(p.price)} ★
                        </option>
                      ))}
                    </select>
                    <button className="btn primary" disabled={user === undefined || busy || !productId} onClick={buy} data-test="buy">
                      {busy ? <Spinner /> : <ShoppingBag size={15} />} {t("steps.buy.button")}
                    </button>
                  </div>
                  {(products.data ?? []).length === 0 && (
                    <div className="muted small" style={{ marginTop: 6 }}>
                      <Trans
                        t={t}
                        i18nKey="steps.buy.nothing"
                        components={{ link: <a href="#" onClick={(e) => { e.preventDefault(); nav.go("catalog"); }} /> }}
                      />
                    </div>
                  )}
                </div>
              </li>
              <li>
                <span className="n">4</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.promo.title")}</div>
                  <div className="muted small">
                    <Trans t={t} i18nKey="steps.promo.body" values={{ code: SAMPLE_PROMO }} components={{ code: <code /> }} />
                  </div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <button
                      className="btn"
                      disabled={user === undefined || busy}
                      onClick={() => user !== undefined && step.mutate(() => sendMessage(user, `/promo ${SAMPLE_PROMO}`))}
                      data-test="apply-promo"
                    >
                      <TicketPercent size={15} /> {t("send", { command: `/promo ${SAMPLE_PROMO}` })}
                    </button>
                  </div>
                </div>
              </li>
              <li>
                <span className="n">5</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.refer.title")}</div>
                  <div className="muted small">
                    {selected
                      ? t("steps.refer.body", { who: selected.first_name, friend: nextName })
                      : t("steps.refer.bodyNoOne", { friend: nextName })}
                  </div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <button
                      className="btn"
                      disabled={selected === null || busy}
                      onClick={() => selected && refer.mutate({ referrer: selected, friend: nextName })}
                      data-test="refer-friend"
                    >
                      {refer.isPending ? <Spinner /> : <Gift size={15} />} {t("steps.refer.title")}
                    </button>
                  </div>
                </div>
              </li>
              <li>
                <span className="n">6</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.plan.title")}</div>
                  <div className="muted small">{t("steps.plan.body")}</div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <select className="select" aria-label={t("steps.plan.label")} value={planId} onChange={(e) => setPlanId(e.target.value)}>
                      {onSale.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.title} · {t("steps.plan.price", { price: num(p.price) })}
                        </option>
                      ))}
                    </select>
                    <button
                      className="btn"
                      disabled={user === undefined || busy || !planId}
                      onClick={() => user !== undefined && step.mutate(() => sendMessage(user, `/start plan_${planId}`))}
                      data-test="open-plan"
                    >
                      <Repeat size={15} /> {t("steps.plan.button")}
                    </button>
                  </div>
                  {onSale.length === 0 && (
                    <div className="muted small" style={{ marginTop: 6 }}>
                      <Trans
                        t={t}
                        i18nKey="steps.plan.nothing"
                        components={{ link: <a href="#" onClick={(e) => { e.preventDefault(); nav.go("subscriptions"); }} /> }}
                      />
                    </div>
                  )}
                </div>
              </li>
              <li>
                <span className="n">7</span>
                <div>
                  <div style={{ fontWeight: 600 }}>{t("steps.clock.title")}</div>
                  <div className="muted small">
                    {clock.data ? t("steps.clock.bodyAt", { date: dateTime(clock.data) }) : t("steps.clock.body")}
                  </div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <button className="btn" disabled={timeTravel.isPending} onClick={() => timeTravel.mutate(30)} data-test="month-later">
                      {timeTravel.isPending ? <Spinner /> : <CalendarClock size={15} />} {t("steps.clock.month")}
                    </button>
                    <button className="btn ghost" disabled={timeTravel.isPending} onClick={() => timeTravel.mutate(7)} data-test="week-later">
                      {t("steps.clock.week")}
                    </button>
                  </div>
                </div>
              </li>
            </ol>
          </div>
          <div className="card">
            <div className="card-head">
              <h2>{t("shoppers.title")}</h2>
              <button className="btn sm ghost" onClick={() => create.mutate()} disabled={create.isPending} title={t("shoppers.newTitle")}>
                <Plus size={14} /> {t("shoppers.new")}
              </button>
            </div>
            {(list.data ?? []).length === 0 ? (
              <div className="card-body muted small">{t("shoppers.none")}</div>
            ) : (
              <div className="card-body" style={{ padding: 8 }}>
                {list.data!.map((s) => (
                  <button key={s.id} className="shopper" aria-pressed={s.id === selected?.id} onClick={() => { setSelected(s); setOpened(false); setBought(false); }}>
                    <Avatar id={s.id} name={s.first_name} />
                    <span className="grow shopper-name">
                      <span style={{ fontWeight: 560 }}>{s.first_name}</span>
                      <span className="muted small"> @{s.username}</span>
                      {s.lang !== "en" && (
                        <span className="badge" style={{ marginLeft: 6 }} title={LANGUAGE_NAMES[s.lang]} data-test="shopper-lang">
                          {s.lang.toUpperCase()}
                        </span>
                      )}
                    </span>
                    {s.stars !== null && s.stars !== undefined && (
                      <span className="shopper-stars" data-test="shopper-stars" title={t("shoppers.balance", { name: s.first_name, count: s.stars, n: num(s.stars) })}>
                        <Stars n={s.stars} size={13} />
                      </span>
                    )}
                  </button>
                ))}
              </div>
            )}
          </div>
        </div>
        <div className="card chat">
          <div className="chat-head">
            {selected ? (
              <>
                <Avatar id={selected.id} name={selected.first_name} />
                <div className="grow">
                  <div style={{ fontWeight: 600 }}>
                    {selected.first_name} ↔ {status.data?.bot.bot_username ? `@${status.data.bot.bot_username}` : t("chat.yourBot")}
                  </div>
                  <div className="muted small">{t("chat.asSeen", { name: selected.first_name })}</div>
                </div>
                {current?.stars !== null && current?.stars !== undefined && (
                  <span className="shopper-stars" data-test="chat-stars" title={t("chat.balance", { name: selected.first_name })}>
                    <Stars n={current.stars} size={13} />
                  </span>
                )}
                {busy && <Spinner />}
              </>
            ) : (
              <div className="muted">{t("chat.noneSelected")}</div>
            )}
          </div>
          {selected ? (
            <>
              <Chat
                lines={lines}
                busy={busy}
                onPress={(l, data) => step.mutate(() => pressButton(selected.id, l.message_id, data))}
                onPay={(l) => step.mutate(() => payInvoice(selected.id, l.message_id))}
                onLink={(url) => {
                  const start = startCommand(url, botUsername);
                  step.mutate(() => (start ? sendMessage(selected.id, start) : openLink(selected.id, url)));
                }}
              />
              <form className="chat-input" onSubmit={send}>
                <input className="input" placeholder={t("chat.placeholder")} value={message} onChange={(e) => setMessage(e.target.value)} aria-label={t("chat.messageLabel")} disabled={busy} />
                <button className="btn primary" type="submit" disabled={busy || !message.trim()} aria-label={t("chat.send")}>
                  <SendHorizontal size={15} />
                </button>
              </form>
            </>
          ) : (
            <EmptyState icon={<MessageCircle size={24} />} title={t("empty.title")}>
              {t("empty.body")}
            </EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}
