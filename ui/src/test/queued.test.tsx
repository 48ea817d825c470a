import { emit } from "@tauri-apps/api/event";
import { act, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DeliveryEntry } from "../bindings/DeliveryEntry";
import type { OrderDetail } from "../bindings/OrderDetail";
import { OrdersPage } from "../pages/Orders";
import { mockCommands, orderRow, renderPage } from "./render";

const sending: DeliveryEntry = {
  id: 41,
  kind: "goods",
  state: "sending",
  attempts: 0,
  last_error: null,
  created_at: 1_760_000_000,
  sent_at: null,
  asked_actor: null,
  asked_by: null,
};

function detail(queued: number[], delivery: DeliveryEntry): OrderDetail {
  return {
    order: { ...orderRow(9), status: "paid", refund_reason: null, delivered_at: null, refunded_at: null },
    customer: null,
    provider_charge_id: null,
    deliveries: [delivery],
    attention: [],
    queued,
    codes: [],
  };
}

describe("A delivery waiting for Telegram's send limit", () => {
  it("shows queued in the order drawer while it waits, and sent once it went", async () => {
    let answer = detail([41], sending);
    const calls = mockCommands({
      orders_count: () => 1,
      orders_page: () => [orderRow(9, { status: "paid" })],
      catalog_list: () => [],
      order_detail: () => answer,
    });
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 9 } });
    expect(await screen.findByText("Goods and receipt · Queued · waiting for Telegram's send limit")).toBeInTheDocument();

    // Its turn came: the drawer reads the order again on the event and says where it is.
    answer = detail([], { ...sending, state: "sent", attempts: 1, sent_at: 1_760_000_003 });
    const before = calls.filter((c) => c.cmd === "order_detail").length;
    await act(() => emit("app-event", { type: "delivery_queued", order_id: 9, delivery_id: 41, queued: false }));
    expect(await screen.findByText("Goods and receipt · sent")).toBeInTheDocument();
    expect(screen.queryByText(/waiting for Telegram's send limit/)).not.toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "order_detail").length).toBeGreaterThan(before);
  });

  it("is sending, not queued, when nothing waits", async () => {
    mockCommands({
      orders_count: () => 1,
      orders_page: () => [orderRow(9, { status: "paid" })],
      catalog_list: () => [],
      order_detail: () => detail([], sending),
    });
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 9 } });
    expect(await screen.findByText("Goods and receipt · sending")).toBeInTheDocument();
    expect(screen.queryByText(/Queued/)).not.toBeInTheDocument();
  });
});
