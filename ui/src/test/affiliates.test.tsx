import { emit } from "@tauri-apps/api/event";
import { act, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { OrderAffiliate } from "../bindings/OrderAffiliate";
import type { OrderDetail } from "../bindings/OrderDetail";
import { OrdersPage } from "../pages/Orders";
import { perMilleAsPercent, starsExact } from "../pages/orders/Affiliate";
import { type Handler, mockCommands, orderRow, renderPage } from "./render";

function detail(id: number): OrderDetail {
  return {
    order: { ...orderRow(id, { stars: 250 }), refund_reason: null, delivered_at: 1_760_000_500, refunded_at: null },
    customer: null,
    provider_charge_id: null,
    deliveries: [],
    attention: [],
    queued: [],
    codes: [],
  };
}

const carol: OrderAffiliate = {
  kind: "user",
  affiliate_id: 100_000_002,
  name: "Carol",
  commission_per_mille: 125,
  gross: 250,
  commission: 31,
  commission_nanostars: 250_000_000,
  net: 218,
  net_nanostars: 750_000_000,
  refunded: false,
  recorded_at: 1_760_000_600,
};

function mockOrder(affiliate: Handler) {
  return mockCommands({
    orders_count: () => 1,
    orders_page: () => [orderRow(7)],
    catalog_list: () => [],
    refunds_unfinished: () => [],
    order_detail: (a) => detail(Number(a.id)),
    affiliates_of_order: affiliate,
  });
}

async function openDrawer() {
  renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });
  const drawer = await screen.findByRole("dialog", { name: "Order 7" });
  await within(drawer).findByText("Charge id");
  return drawer;
}

describe("Telegram affiliate in the order drawer", () => {
  it("shows who brought the customer, the rate, Telegram's commission and the net", async () => {
    const calls = mockOrder(() => carol);
    const drawer = await openDrawer();
    expect(await within(drawer).findByText("Telegram affiliate")).toBeInTheDocument();
    expect(drawer.querySelector('[data-test="order-affiliate"]')).toHaveTextContent("Carol · 12.5 % · −31.25 Stars");
    expect(drawer.querySelector('[data-test="order-affiliate"]')).toHaveAttribute("title", "Telegram user id 100000002");
    expect(drawer.querySelector('[data-test="order-net"]')).toHaveTextContent("218.75 Stars after Telegram's commission");
    expect(calls.filter((c) => c.cmd === "affiliates_of_order").map((c) => c.args)).toEqual([{ order_id: 7 }]);
  });

  it("shows nothing for an order no affiliate brought, until Telegram's ledger says otherwise", async () => {
    let recorded: OrderAffiliate | null = null;
    mockOrder(() => recorded);
    const drawer = await openDrawer();
    expect(within(drawer).queryByText("Telegram affiliate")).not.toBeInTheDocument();

    // The periodic read of the ledger finds a channel's commission on this order.
    recorded = { ...carol, kind: "chat", affiliate_id: -1001000000001, name: "Deals Daily", commission_per_mille: 100, commission: 25, commission_nanostars: 0, net: 225, net_nanostars: 0 };
    await act(() => emit("app-event", { type: "affiliates_recorded", orders: 1 }));
    expect(await within(drawer).findByText("Telegram affiliate")).toBeInTheDocument();
    const line = drawer.querySelector('[data-test="order-affiliate"]');
    expect(line).toHaveTextContent("Deals Daily · 10 % · −25 Stars");
    expect(line).toHaveAttribute("title", "Telegram channel id -1001000000001");
    expect(drawer.querySelector('[data-test="order-net"]')).toHaveTextContent("225 Stars");
  });

  it("says that a refund took the commission back and left nothing", async () => {
    mockOrder(() => ({ ...carol, refunded: true }));
    const drawer = await openDrawer();
    expect(await within(drawer).findByText(/taken back with the refund/)).toBeInTheDocument();
    expect(drawer.querySelector('[data-test="order-net"]')).toHaveTextContent("Nothing: the order was refunded");
  });

  it("writes Stars with their fraction and the rate as a percentage", () => {
    expect(starsExact(31, 250_000_000)).toBe("31.25");
    expect(starsExact(200, 100_000_000)).toBe("200.1");
    expect(starsExact(1234, 0)).toBe("1,234");
    expect(starsExact(0, 1)).toBe("0.000000001");
    expect(perMilleAsPercent(125)).toBe("12.5");
    expect(perMilleAsPercent(1000)).toBe("100");
    expect(perMilleAsPercent(1)).toBe("0.1");
  });
});
