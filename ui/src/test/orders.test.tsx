import { emit } from "@tauri-apps/api/event";
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OrderQuery } from "../bindings/OrderQuery";
import { OrdersPage } from "../pages/Orders";
import { mockCommands, orderRow, renderPage } from "./render";

describe("Orders", () => {
  it("fetches only the pages on screen, and after an order event only those again", async () => {
    let total = 100_000;
    const calls = mockCommands({
      orders_count: () => total,
      orders_page: (a) => {
        const q = a.query as OrderQuery;
        return Array.from({ length: Math.min(q.limit, total - q.offset) }, (_, i) => orderRow(total - q.offset - i));
      },
      catalog_list: () => [],
    });
    const offsets = () => calls.filter((c) => c.cmd === "orders_page").map((c) => (c.args.query as OrderQuery).offset);
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    expect(await screen.findByText("#100000")).toBeInTheDocument();
    expect(screen.getByText("100,000 rows")).toBeInTheDocument();
    expect(offsets()).toEqual([0]);

    // Row 5,001 scrolled into view: the two pages under the rows drawn, none between.
    const grid = screen.getByRole("grid", { name: "Orders" });
    const idAt = (row: number) => grid.querySelector(`[aria-rowindex="${row}"]`)?.getAttribute("data-row-id");
    grid.scrollTop = 5000 * 46;
    fireEvent.scroll(grid);
    await waitFor(() => expect(idAt(5001)).toBe("95000"));
    expect(offsets()).toEqual([0, 4900, 5000]);

    // A sale moves every row down one: the pages on screen come again; the first page, off
    // screen, is only marked stale.
    total = 100_001;
    await act(() => emit("app-event", { type: "order_created", order: { ...orderRow(100_001), refund_reason: null, delivered_at: null, refunded_at: null } }));
    expect(await screen.findByText("100,001 rows")).toBeInTheDocument();
    await waitFor(() => expect(idAt(5001)).toBe("95001"));
    expect(offsets().slice(3).sort()).toEqual([4900, 5000]);

    // Back at the top, the stale first page is fetched again and shows the new order.
    grid.scrollTop = 0;
    fireEvent.scroll(grid);
    expect(await screen.findByText("#100001")).toBeInTheDocument();
    expect(offsets().slice(5)).toEqual([0]);
  });

  it("starts again from the top when a filter changes", async () => {
    const calls = mockCommands({
      orders_count: (a) => ((a.query as OrderQuery).status === "refunded" ? 40 : 100_000),
      orders_page: (a) => {
        const q = a.query as OrderQuery;
        const total = q.status === "refunded" ? 40 : 100_000;
        return Array.from({ length: Math.max(0, Math.min(q.limit, total - q.offset)) }, (_, i) =>
          orderRow(total - q.offset - i, { status: q.status ?? "delivered" }),
        );
      },
      catalog_list: () => [],
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#100000");
    const grid = screen.getByRole("grid", { name: "Orders" });
    grid.scrollTop = 5000 * 46;
    fireEvent.scroll(grid);
    expect(await screen.findByText("#95000")).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Status"), "refunded");
    expect(await screen.findByText("40 rows")).toBeInTheDocument();
    expect(await screen.findByText("#40")).toBeInTheDocument();
    expect(grid.scrollTop).toBe(0);
    const refunded = calls.filter((c) => c.cmd === "orders_page" && (c.args.query as OrderQuery).status === "refunded");
    expect(refunded.map((c) => (c.args.query as OrderQuery).offset)).toContain(0);
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
    expect(await screen.findByText("No orders match the filters")).toBeInTheDocument();
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
          { id: 1, kind: "goods", state: "failed", attempts: 3, last_error: "Forbidden", created_at: 1_760_000_000, sent_at: null, asked_actor: null, asked_by: null },
          { id: 2, kind: "goods", state: "sent", attempts: 1, last_error: null, created_at: 1_760_000_100, sent_at: 1_760_000_102, asked_actor: "operator", asked_by: "Dana" },
        ],
        attention: [],
        queued: [],
      }),
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#3");
    screen.getByRole("grid", { name: "Orders" }).focus();
    await user.keyboard("{ArrowDown}{Enter}");
    expect(await screen.findByRole("dialog", { name: "Order 2" })).toBeInTheDocument();
    expect(await screen.findByText(/Goods and receipt · sent/)).toBeInTheDocument();
    // The log tells the payment's own delivery from the one an operator asked for.
    expect(screen.getByText("Automatic, after the payment")).toBeInTheDocument();
    expect(screen.getByText("Deliver again, asked by Dana in the window")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /deliver again/i })).toBeEnabled();

    // Escape closes the drawer; the keyboard is back on the list, on the same row.
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const grid = screen.getByRole("grid", { name: "Orders" });
    expect(grid).toHaveFocus();
    expect(grid.querySelector('[data-active="true"]')).toHaveAttribute("data-row-id", "2");
    await user.keyboard("{ArrowDown}{Enter}");
    expect(await screen.findByRole("dialog", { name: "Order 1" })).toBeInTheDocument();
  });
});
