// Demo: a simulated shopper that talks to the bot through the simulator, so the merchant can
// rehearse the whole flow (open the shop, buy, receive the goods, a promo code, a referral)
// before connecting a real bot.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, FileText, FlaskConical, Gift, MessageCircle, Plus, Repeat, SendHorizontal, ShoppingBag, Star, Store, TicketPercent, UserPlus } from "lucide-react";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import type { ChatLine } from "../bindings/ChatLine";
import type { DemoStep } from "../bindings/DemoStep";
import type { Shopper } from "../bindings/Shopper";
import { buyProduct, chat, createShopper, later, openLink, openShop, payInvoice, pressButton, referFriend, sendMessage, shoppers, simulatedNow } from "../api/demo";
import { plansList } from "../api/commands";
import { errorMessage } from "../api/invoke";
import { chatText } from "../components/ChatText";
import { useToast } from "../components/Toasts";
import { Avatar, EmptyState, Spinner, Stars } from "../components/ui";
import { startCommand } from "../lib/deepLinks";
import { dateTime, num } from "../lib/format";
import { useNav } from "../nav";
import { useProducts, useStatus } from "../queries";

const NAMES = ["Maya", "Jonas", "Priya", "Kenji", "Sofia", "Omar", "Lena", "Mateo"];

/** The demo shop's sample promo code (seeded on its first start). */
export const SAMPLE_PROMO = "WELCOME10";

/** The bot writes amounts with ⭐; not every system has an emoji font, so it is drawn. */
export function withStars(text: string): ReactNode[] {
  return text.split("⭐").flatMap((part, i) =>
    i === 0 ? [part] : [<Star key={i} size={13} className="inline-star" fill="currentColor" aria-label="Stars" />, part],
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
  // The newest message in view: the log itself scrolls to its end (the page around it stays put).
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length]);
  return (
    <div className="chat-log" aria-label="Chat with the bot" aria-live="polite" ref={log}>
      {lines.length === 0 && <div className="service">No messages yet. Open the shop to start.</div>}
      {lines.map((l) => {
        if (l.paid !== null) {
          return (
            <div key={l.message_id} className="service">
              You paid {num(l.paid)} Stars
            </div>
          );
        }
        if (l.refunded !== null) {
          return (
            <div key={l.message_id} className="service">
              {num(l.refunded)} Stars refunded
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
                <Star size={14} fill="currentColor" /> Pay {num(l.invoice.amount)} Stars
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

  const create = useMutation({
    mutationFn: () => createShopper(name.trim() || NAMES[(list.data?.length ?? 0) % NAMES.length]),
    onSuccess: (s) => {
      setName("");
      setSelected(s);
      setLines([]);
      setOpened(false);
      setBought(false);
      void qc.invalidateQueries({ queryKey: ["shoppers"] });
    },
    onError: (e) => toast.show("error", "No customer created", errorMessage(e)),
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
          toast.show("success", "Paid and delivered", p.goods?.replace(/\s*⭐/g, " Stars") ?? "The goods arrived in the chat.");
        } else if (p) {
          const title = p.status === "refused" ? "The bot sent no invoice" : `Payment ${p.status.replace(/_/g, " ")}`;
          toast.show("error", title, p.error_message ?? undefined);
        }
      }
    },
    onError: (e) => toast.show("error", "That did not work", errorMessage(e)),
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
        `${r.friend.first_name} came through ${referrer.first_name}'s link`,
        `${r.friend.first_name} is ${referrer.first_name}'s referral now: what ${r.friend.first_name} buys earns ${referrer.first_name} a commission (see Referrals).`,
      );
    },
    onError: (e) => toast.show("error", "No friend referred", errorMessage(e)),
  });
  const timeTravel = useMutation({
    mutationFn: (days: number) => later(days),
    onSuccess: (_, days) => {
      void qc.invalidateQueries({ queryKey: ["demo-now"] });
      void qc.invalidateQueries({ queryKey: ["shoppers"] });
      void qc.invalidateQueries({ queryKey: ["chat"] });
      toast.show(
        "success",
        `${days} days later`,
        "Telegram charged the renewals due and the expiry queue ran: see Subscriptions, Orders and the chats.",
      );
    },
    onError: (e) => toast.show("error", "The clock did not move", errorMessage(e)),
  });
  const busy = step.isPending || refer.isPending;
  const nextName = NAMES[(list.data?.length ?? 0) % NAMES.length];

  if (status.data && status.data.mode !== "demo") {
    return (
      <div className="page">
        <div className="page-head">
          <div>
            <h1>Demo</h1>
            <p>Rehearse a purchase with a simulated customer.</p>
          </div>
        </div>
        <div className="card">
          <EmptyState
            icon={<FlaskConical size={24} />}
            title="Your real bot is connected"
            action={
              <button className="btn" onClick={() => nav.go("settings")}>
                Open Settings
              </button>
            }
          >
            The simulated shopper works in demo mode only, so that no rehearsal reaches real customers. Disconnect the
            bot in Settings to rehearse again.
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
          <h1>Demo</h1>
          <p>A simulated customer talks to your bot through the built-in Telegram simulator. Orders land in Orders as real ones would.</p>
        </div>
      </div>
      <div className="demo-grid">
        <div className="demo-side">
          <div className="card card-body">
            <ol className="steps">
              <li>
                <span className={`n ${selected ? "done" : ""}`}>1</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Create a customer</div>
                  <form
                    className="row"
                    style={{ marginTop: 8 }}
                    onSubmit={(e) => {
                      e.preventDefault();
                      create.mutate();
                    }}
                  >
                    <input className="input" name="shopper-name" placeholder={`e.g. ${NAMES[(list.data?.length ?? 0) % NAMES.length]}`} value={name} onChange={(e) => setName(e.target.value)} aria-label="Customer's first name" />
                    <button className="btn" type="submit" disabled={create.isPending} data-test="create-shopper">
                      {create.isPending ? <Spinner /> : <UserPlus size={15} />} Create
                    </button>
                  </form>
                </div>
              </li>
              <li>
                <span className={`n ${opened || lines.length > 0 ? "done" : ""}`}>2</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Open the shop</div>
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
                    <Store size={15} /> Send /start
                  </button>
                </div>
              </li>
              <li>
                <span className={`n ${bought ? "done" : ""}`}>3</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Buy a product</div>
                  <div className="muted small">The card, Buy, the invoice, payment and delivery, in one go.</div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <select className="select" aria-label="Product to buy" value={productId} onChange={(e) => setProductId(e.target.value)}>
                      {(products.data ?? []).map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.title} · {num(p.price)} ★
                        </option>
                      ))}
                    </select>
                    <button className="btn primary" disabled={user === undefined || busy || !productId} onClick={buy} data-test="buy">
                      {busy ? <Spinner /> : <ShoppingBag size={15} />} Buy
                    </button>
                  </div>
                  {(products.data ?? []).length === 0 && (
                    <div className="muted small" style={{ marginTop: 6 }}>
                      Nothing is on sale. <a href="#" onClick={(e) => { e.preventDefault(); nav.go("catalog"); }}>Create a product</a> first.
                    </div>
                  )}
                </div>
              </li>
              <li>
                <span className="n">4</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Use a promo code</div>
                  <div className="muted small">
                    Send <code>/promo {SAMPLE_PROMO}</code> (10% off everything, once per customer), or tap “Have a promo code?” on a
                    product's card in the chat and type the code. Then buy: the invoice asks for less, and the order shows the code.
                  </div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <button
                      className="btn"
                      disabled={user === undefined || busy}
                      onClick={() => user !== undefined && step.mutate(() => sendMessage(user, `/promo ${SAMPLE_PROMO}`))}
                      data-test="apply-promo"
                    >
                      <TicketPercent size={15} /> Send /promo {SAMPLE_PROMO}
                    </button>
                  </div>
                </div>
              </li>
              <li>
                <span className="n">5</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Refer a friend</div>
                  <div className="muted small">
                    {selected ? selected.first_name : "The customer"} asks /referrals for their link, and a new customer, {nextName}, opens
                    it: {nextName} is theirs from then on. Buy as {nextName}, then see the commission on the Referrals page (it is on
                    hold for a while: move the clock a month to make it due).
                  </div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <button
                      className="btn"
                      disabled={selected === null || busy}
                      onClick={() => selected && refer.mutate({ referrer: selected, friend: nextName })}
                      data-test="refer-friend"
                    >
                      {refer.isPending ? <Spinner /> : <Gift size={15} />} Refer a friend
                    </button>
                  </div>
                </div>
              </li>
              <li>
                <span className="n">6</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Subscribe to a plan</div>
                  <div className="muted small">Opens the plan's link; tap Subscribe in the chat to pay, then Join.</div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <select className="select" aria-label="Plan to subscribe to" value={planId} onChange={(e) => setPlanId(e.target.value)}>
                      {onSale.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.title} · {num(p.price)} ★ / 30 days
                        </option>
                      ))}
                    </select>
                    <button
                      className="btn"
                      disabled={user === undefined || busy || !planId}
                      onClick={() => user !== undefined && step.mutate(() => sendMessage(user, `/start plan_${planId}`))}
                      data-test="open-plan"
                    >
                      <Repeat size={15} /> Open plan
                    </button>
                  </div>
                  {onSale.length === 0 && (
                    <div className="muted small" style={{ marginTop: 6 }}>
                      No plan is on sale. <a href="#" onClick={(e) => { e.preventDefault(); nav.go("subscriptions"); }}>Create one</a> first.
                    </div>
                  )}
                </div>
              </li>
              <li>
                <span className="n">7</span>
                <div>
                  <div style={{ fontWeight: 600 }}>Move the clock</div>
                  <div className="muted small">
                    The simulator's date{clock.data ? `: ${dateTime(clock.data)}` : ""}. Renewals are charged, cancelled subscriptions end and
                    their subscribers are removed, and referral commissions leave their hold, as a month would do.
                  </div>
                  <div className="row" style={{ marginTop: 8 }}>
                    <button className="btn" disabled={timeTravel.isPending} onClick={() => timeTravel.mutate(30)} data-test="month-later">
                      {timeTravel.isPending ? <Spinner /> : <CalendarClock size={15} />} One month later
                    </button>
                    <button className="btn ghost" disabled={timeTravel.isPending} onClick={() => timeTravel.mutate(7)} data-test="week-later">
                      A week later
                    </button>
                  </div>
                </div>
              </li>
            </ol>
          </div>
          <div className="card">
            <div className="card-head">
              <h2>Simulated customers</h2>
              <button className="btn sm ghost" onClick={() => create.mutate()} disabled={create.isPending} title="Create one with a sample name">
                <Plus size={14} /> New
              </button>
            </div>
            {(list.data ?? []).length === 0 ? (
              <div className="card-body muted small">None yet. Each one is a Telegram user in the simulator with a Stars balance.</div>
            ) : (
              <div className="card-body" style={{ padding: 8 }}>
                {list.data!.map((s) => (
                  <button key={s.id} className="shopper" aria-pressed={s.id === selected?.id} onClick={() => { setSelected(s); setOpened(false); setBought(false); }}>
                    <Avatar id={s.id} name={s.first_name} />
                    <span className="grow shopper-name">
                      <span style={{ fontWeight: 560 }}>{s.first_name}</span>
                      <span className="muted small"> @{s.username}</span>
                    </span>
                    {s.stars !== null && s.stars !== undefined && (
                      <span className="shopper-stars" data-test="shopper-stars" title={`${s.first_name} has ${num(s.stars)} Stars to spend`}>
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
                    {selected.first_name} ↔ {status.data?.bot.bot_username ? `@${status.data.bot.bot_username}` : "your bot"}
                  </div>
                  <div className="muted small">The chat as {selected.first_name} sees it in Telegram</div>
                </div>
                {current?.stars !== null && current?.stars !== undefined && (
                  <span className="shopper-stars" data-test="chat-stars" title={`${selected.first_name}'s Stars balance`}>
                    <Stars n={current.stars} size={13} />
                  </span>
                )}
                {busy && <Spinner />}
              </>
            ) : (
              <div className="muted">No customer selected</div>
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
                <input className="input" placeholder="Write as the customer: /shop, /purchases, /promo WELCOME10, /referrals…" value={message} onChange={(e) => setMessage(e.target.value)} aria-label="Message to the bot" disabled={busy} />
                <button className="btn primary" type="submit" disabled={busy || !message.trim()} aria-label="Send">
                  <SendHorizontal size={15} />
                </button>
              </form>
            </>
          ) : (
            <EmptyState icon={<MessageCircle size={24} />} title="Create a simulated customer">
              They open your bot, see the catalog, pay in Stars and get the goods, exactly as in Telegram.
            </EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}
