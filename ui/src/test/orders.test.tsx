import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OrderQuery } from "../bindings/OrderQuery";
import { OrdersPage } from "../pages/Orders";
import { mockCommands, orderRow, renderPage } from "./render";

describe("Orders", () => {
  it("fetches only the pages on screen, never the whole list", async () => {
    const calls = mockCommands({
      orders_count: () => 100_000,
      orders_page: (a) => {
        const q = a.query as OrderQuery;
        return Array.from({ length: q.limit }, (_, i) => orderRow(100_000 - q.offset - i));
      },
      catalog_list: () => [],
    });
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    expect(await screen.findByText("#100000")).toBeInTheDocument();
    const pages = calls.filter((c) => c.cmd === "orders_page").map((c) => (c.args.query as OrderQuery).offset);
    expect(pages).toEqual([0]);
    expect(screen.getByText("100,000 rows")).toBeInTheDocument();
  });

  it("searches on the Rust side and says when nothing matches", async () => {
    const calls = mockCommands({
      orders_count: (a) => ((a.query as OrderQuery).search ? 0 : 3),
      orders_page: (a) => ((a.query as OrderQuery).search ? [] : [orderRow(3), orderRow(2), orderRow(1)]),
      catalog_list: () => [],
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#3");
    await user.type(screen.getByLabelText("Search orders"), "zed");
    expect(await screen.findByText("No orders match")).toBeInTheDocument();
    const searched = calls.filter((c) => c.cmd === "orders_count").map((c) => (c.args.query as OrderQuery).search);
    expect(searched).toContain("zed");
  });

  it("shows a new order without a reload when core says one was paid", async () => {
    let total = 2;
    mockCommands({
      orders_count: () => total,
      orders_page: () => Array.from({ length: total }, (_, i) => orderRow(total - i)),
      catalog_list: () => [],
    });
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#2");
    expect(screen.queryByText("#3")).not.toBeInTheDocument();
    total = 3;
    await act(() => emit("app-event", { type: "order_created", order: { ...orderRow(3), product_id: 1, refund_reason: null, delivered_at: null, refunded_at: null } }));
    await waitFor(() => expect(screen.getByText("#3")).toBeInTheDocument());
  });

  it("moves through rows with the keyboard and opens the drawer with Enter", async () => {
    mockCommands({
      orders_count: () => 3,
      orders_page: () => [orderRow(3), orderRow(2), orderRow(1)],
      catalog_list: () => [],
      order_detail: (a) => ({
        order: { ...orderRow(Number(a.id)), refund_reason: null, delivered_at: null, refunded_at: null },
        customer: null,
        provider_charge_id: null,
        deliveries: [
          { id: 1, kind: "goods", state: "sent", attempts: 1, last_error: null, created_at: 1_760_000_000, sent_at: 1_760_000_002 },
        ],
        attention: [],
      }),
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#3");
    screen.getByRole("grid", { name: "Orders" }).focus();
    await user.keyboard("{ArrowDown}{Enter}");
    expect(await screen.findByRole("dialog", { name: "Order 2" })).toBeInTheDocument();
    expect(await screen.findByText(/Goods and receipt · sent/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /deliver again/i })).toBeEnabled();
  });
});
