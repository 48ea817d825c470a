// Core's events, as they happen: caches refresh, lists update, a sale shows up, with no polling.

import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppEvent } from "./bindings/AppEvent";
import type { DeskStatus } from "./bindings/DeskStatus";
import type { RefundBatch } from "./bindings/RefundBatch";
import { onAppEvent } from "./api/events";
import { useToast } from "./components/Toasts";
import { num } from "./lib/format";
import { FLAGGED_KEY, INVOICES_KEY, PROMO_KEYS, REFERRAL_KEYS, SUBSCRIPTION_KEYS } from "./queries";

interface Live {
  /** Orders that arrived in the last seconds, to highlight. */
  freshOrders: ReadonlySet<string>;
  /** Refund batches this window started or saw progress of, newest first: Orders follows them. */
  batches: readonly number[];
  /** Of those, the ones running in this process now (a batch cut short by a restart is not). */
  runningBatches: ReadonlySet<number>;
  /** Follow a batch this window just started (or resumed). */
  watchBatch(id: number): void;
  /** Stop following a batch: its banner goes. */
  forgetBatch(id: number): void;
}

const Ctx = createContext<Live>({
  freshOrders: new Set(),
  batches: [],
  runningBatches: new Set(),
  watchBatch: () => {},
  forgetBatch: () => {},
});

export const useLive = () => useContext(Ctx);

/** A burst of events (a batch refunding hundreds of orders) refetches a list a few times a second, not once per event. */
const THROTTLE_MS = 300;

export function LiveProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [freshOrders, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [batches, setBatches] = useState<readonly number[]>([]);
  const [runningBatches, setRunning] = useState<ReadonlySet<number>>(new Set());
  const handler = useRef<(e: AppEvent) => void>(() => {});
  const throttled = useRef(new Map<string, { again: boolean }>());

  const watchBatch = useCallback((id: number) => {
    setBatches((b) => (b.includes(id) ? b : [id, ...b]));
    setRunning((s) => (s.has(id) ? s : new Set(s).add(id)));
  }, []);
  const forgetBatch = useCallback((id: number) => setBatches((b) => b.filter((x) => x !== id)), []);
  const batchEnded = (id: number) =>
    setRunning((s) => {
      if (!s.has(id)) return s;
      const next = new Set(s);
      next.delete(id);
      return next;
    });

  handler.current = (e: AppEvent) => {
    // The first event refreshes at once; more within THROTTLE_MS refresh once more after it.
    const invalidate = (...keys: string[]) => {
      for (const key of keys) {
        const pending = throttled.current.get(key);
        if (pending) {
          pending.again = true;
          continue;
        }
        void qc.invalidateQueries({ queryKey: [key] });
        const entry = { again: false };
        throttled.current.set(key, entry);
        setTimeout(() => {
          throttled.current.delete(key);
          if (entry.again) invalidate(key);
        }, THROTTLE_MS);
      }
    };
    // Invalidating refetches only what is on screen (the pages of Orders in view, say); the rest
    // is refetched when next shown. "status" too: its "last update" moves with every order, and
    // "chat": the receipt reaches Demo's chat with the order; "customer-orders": the orders beside
    // a support conversation.
    const ordersChanged = () =>
      invalidate("overview", "latest", "revenue", "orders-count", "orders-page", "order", "status", "chat", "customer-orders");
    const supportChanged = () => invalidate("support-counts", "requests", "conversations", "messages");
    // A sale or a refund moves a referrer's commission and a promo code's uses.
    const moneyChanged = () => invalidate(...REFERRAL_KEYS, ...PROMO_KEYS);
    // Plans, channels, subscribers and the expiry queue: one event for all of them.
    const subscriptionsChanged = () => invalidate(...SUBSCRIPTION_KEYS);
    switch (e.type) {
      case "order_created": {
        const id = String(e.order.id);
        setFresh((s) => new Set(s).add(id));
        setTimeout(
          () =>
            setFresh((s) => {
              const next = new Set(s);
              next.delete(id);
              return next;
            }),
          3000,
        );
        ordersChanged();
        // A paid invoice comes with its order: the list's "paid, order #N" and its counts.
        invalidate("customers-page", "customers-count", "products", "codes", INVOICES_KEY);
        moneyChanged();
        // A subscription's payment (a first one or a renewal) is an order of no product.
        if (e.order.product_id === null) subscriptionsChanged();
        toast.show(
          "sale",
          t("live.sale"),
          `${e.order.product_title} · ${t("stars", { count: e.order.stars, n: num(e.order.stars) })} · ${t("orderNumber", { id: e.order.id })}`,
        );
        break;
      }
      case "order_delivered":
        ordersChanged();
        break;
      case "order_refunded":
        ordersChanged();
        invalidate("customers-page", "refund-preview", "requests", "support-counts");
        moneyChanged();
        // The order may be a subscription's payment: its subscriber stops renewing.
        subscriptionsChanged();
        break;
      case "refund_batch_progress": {
        // The batch's own view follows each order as it is done; the unfinished list only counts.
        qc.setQueryData<RefundBatch>(["refund-batch", e.batch_id], (old) => {
          if (!old) return old;
          const items = old.items.map((i) => (i.order_id === e.order_id ? { ...i, state: e.state, message: e.message } : i));
          return { ...old, items, done: e.done, total: e.total, failed: items.filter((i) => i.state === "failed").length };
        });
        setBatches((b) => (b.includes(e.batch_id) ? b : [e.batch_id, ...b]));
        setRunning((s) => (s.has(e.batch_id) ? s : new Set(s).add(e.batch_id)));
        invalidate("refund-batches");
        // Each refund comes as its own `order_refunded` too; throttled, the lists refresh a few
        // times a second however fast the batch goes.
        if (e.state === "refunded" || e.state === "already") ordersChanged();
        break;
      }
      case "refund_batch_finished":
        batchEnded(e.batch_id);
        void qc.invalidateQueries({ queryKey: ["refund-batch", e.batch_id] });
        invalidate("refund-batches");
        toast.show(
          e.failed > 0 ? "error" : "success",
          t("live.refundsFinished"),
          e.failed > 0
            ? t("live.refundsSomeFailed", { count: e.refunded, failed: num(e.failed) })
            : t("live.refundsDone", { count: e.refunded }),
        );
        break;
      case "refund_requested":
        supportChanged();
        toast.show(
          "info",
          e.auto_approved ? t("live.requestApproved") : t("live.requestNew"),
          `${e.customer_name} · ${t("orderNumber", { id: e.order_id })}`,
        );
        break;
      case "request_decided":
        supportChanged();
        break;
      case "subscriptions_changed":
        subscriptionsChanged();
        break;
      case "invoices_changed":
        // Sent, expired (the core's timer) or paid: the invoices list and its counts.
        invalidate(INVOICES_KEY);
        break;
      case "customer_flagged":
        // A limit against abuse flagged a customer (or the flag was lifted: no reason): the
        // Customers list's badge and the banner of flagged customers.
        invalidate("customers-page", FLAGGED_KEY);
        if (e.reason) {
          toast.show("info", t("live.flagged"), t("live.flaggedBody", { reason: e.reason }));
        }
        break;
      case "affiliates_recorded":
        // Telegram's ledger told what its affiliates took: the drawer's line and the figures.
        invalidate("order", "affiliates");
        break;
      case "support_message":
        invalidate("support-counts", "conversations", "messages");
        break;
      case "delivery_queued":
        // The drawer's delivery says "queued" while its message waits for Telegram's limit.
        invalidate("order");
        break;
      case "delivery_failed":
        ordersChanged();
        toast.show("error", t("live.notDelivered", { id: e.order_id }), e.error);
        break;
      case "needs_attention":
        invalidate("attention", "overview");
        break;
      case "stock_low":
        invalidate("products");
        toast.show("info", t("live.runningLow", { title: e.title }), e.left === 0 ? t("live.soldOut") : t("live.left", { count: e.left, n: num(e.left) }));
        break;
      case "bot_status_changed":
        qc.setQueryData<DeskStatus>(["status"], (old) =>
          old && old.bot.seq <= e.status.seq ? { ...old, bot: e.status } : old,
        );
        break;
      case "shop_opened":
        // Another shop's file is open (the real one after connecting, the demo one after
        // disconnecting): every list and figure cached belongs to the other shop. Resetting drops
        // the data, so none of it stays on screen while the new shop's comes, and refetches what
        // is shown. The status alone is refetched in place: it frames every page, and blanking it
        // would unmount Settings in the middle of the connect that opened this shop.
        qc.setQueryData<DeskStatus>(["status"], (old) => (old ? { ...old, mode: e.mode } : old));
        void qc.resetQueries({ predicate: (q) => q.queryKey[0] !== "status" });
        invalidate("status");
        setBatches([]);
        setRunning(new Set());
        break;
    }
  };

  useEffect(() => {
    const unlisten = onAppEvent((e) => handler.current(e));
    return () => {
      void unlisten.then((f) => f());
    };
  }, []);

  const value = useMemo(
    () => ({ freshOrders, batches, runningBatches, watchBatch, forgetBatch }),
    [freshOrders, batches, runningBatches, watchBatch, forgetBatch],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
