// Core's events, as they happen: caches refresh, lists update, a sale shows up, with no polling.

import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { AppEvent } from "./bindings/AppEvent";
import type { DeskStatus } from "./bindings/DeskStatus";
import { onAppEvent } from "./api/events";
import { useToast } from "./components/Toasts";
import { num } from "./lib/format";

interface Live {
  /** Orders that arrived in the last seconds, to highlight. */
  freshOrders: ReadonlySet<string>;
}

const Ctx = createContext<Live>({ freshOrders: new Set() });

export const useLive = () => useContext(Ctx);

export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [freshOrders, setFresh] = useState<ReadonlySet<string>>(new Set());
  const handler = useRef<(e: AppEvent) => void>(() => {});

  handler.current = (e: AppEvent) => {
    const invalidate = (...keys: string[]) => {
      for (const key of keys) void qc.invalidateQueries({ queryKey: [key] });
    };
    // Invalidating refetches only what is on screen (the pages of Orders in view, say); the rest
    // is refetched when next shown. "status" too: its "last update" moves with every order, and
    // "chat": the receipt reaches Demo's chat with the order.
    const ordersChanged = () =>
      invalidate("overview", "latest", "revenue", "orders-count", "orders-page", "order", "status", "chat");
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
        invalidate("customers-page", "customers-count", "products");
        toast.show("sale", "New sale", `${e.order.product_title} · ${num(e.order.stars)} Stars · order #${e.order.id}`);
        break;
      }
      case "order_delivered":
        ordersChanged();
        break;
      case "order_refunded":
        ordersChanged();
        invalidate("customers-page");
        break;
      case "delivery_failed":
        ordersChanged();
        toast.show("error", `Order #${e.order_id} was not delivered`, e.error);
        break;
      case "needs_attention":
        invalidate("attention", "overview");
        break;
      case "bot_status_changed":
        qc.setQueryData<DeskStatus>(["status"], (old) => (old ? { ...old, bot: e.status } : old));
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
        break;
    }
  };

  useEffect(() => {
    const unlisten = onAppEvent((e) => handler.current(e));
    return () => {
      void unlisten.then((f) => f());
    };
  }, []);

  const value = useMemo(() => ({ freshOrders }), [freshOrders]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
