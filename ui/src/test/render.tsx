// Renders a page the way the app does: queries, toasts, live events and navigation around it.

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { OrderRow } from "../bindings/OrderRow";
import type { Product } from "../bindings/Product";
import { ToastProvider } from "../components/Toasts";
import { LiveProvider } from "../live";
import { type Nav, NavContext, type NavTarget } from "../nav";

export type Handler = (args: Record<string, unknown>) => unknown;

/** Mocks the Rust side: each command answers from `handlers`; the calls are recorded. */
export function mockCommands(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args: a });
      if (cmd.startsWith("plugin:event|")) return 1;
      const h = handlers[cmd];
      if (!h) throw { code: "not_found", message: `no mock for ${cmd}` };
      return h(a);
    },
    { shouldMockEvents: true },
  );
  return calls;
}

export function renderPage(ui: ReactNode, nav: Partial<Nav> = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const go = nav.go ?? (() => {});
  const current: NavTarget = nav.current ?? { page: "overview" };
  return render(
    <QueryClientProvider client={client}>
      <ToastProvider>
        <LiveProvider>
          <NavContext.Provider value={{ current, go }}>{ui}</NavContext.Provider>
        </LiveProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

export const demoStatus: DeskStatus = {
  mode: "demo",
  bot: { state: "running", bot_username: "stardesk_demo_bot", last_update_at: null, last_error: null, seq: 1 },
  token_place: null,
  data_dir: "/home/merchant/.local/share/stardesk",
  simulator_url: "http://127.0.0.1:40000",
};

export function product(over: Partial<Product> = {}): Product {
  return {
    id: 1,
    kind: "text",
    title: "Pro tips guide",
    description: "A private link to the guide.",
    price: 25,
    active: true,
    per_customer_limit: null,
    stock_left: null,
    content: "https://example.com/guide",
    file_name: null,
    channel_id: null,
    channel_title: null,
    low_stock: 5,
    created_at: 1_760_000_000,
    updated_at: 1_760_000_000,
    ...over,
  };
}

export function orderRow(id: number, over: Partial<OrderRow> = {}): OrderRow {
  return {
    id,
    created_at: 1_760_000_000 + id * 60,
    customer_id: 5000 + (id % 7),
    customer_name: `Customer ${id % 7}`,
    customer_username: `buyer${id % 7}`,
    product_id: 1,
    product_title: "Pro tips guide",
    stars: 25,
    status: "delivered",
    charge_id: `stx${id}`,
    recovered: false,
    tip: false,
    ...over,
  };
}
