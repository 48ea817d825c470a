import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { RefundPreview } from "../bindings/RefundPreview";
import type { Refunded } from "../bindings/Refunded";
import { OrdersPage } from "../pages/Orders";
import { type Handler, mockCommands, orderRow, renderPage } from "./render";

function detail(id: number, over: Partial<OrderDetail["order"]> = {}): OrderDetail {
  return {
    order: { ...orderRow(id), refund_reason: null, delivered_at: 1_760_000_500, refunded_at: null, ...over },
    customer: { id: 5000, first_name: "Maya", username: "maya", language_code: "en", blocked: false, first_seen: 1, last_seen: 2 },
    provider_charge_id: null,
    deliveries: [],
    attention: [],
    queued: [],
    codes: [],
  };
}

const preview: RefundPreview = {
  order_id: 7,
  stars: 250,
  customer_id: 5000,
  customer_name: "Maya",
  product_title: "Game key",
  status: "delivered",
  revokes: ["the code TJ-7 is revoked and never sold again"],
  also: ["Alice's referral commission of 20.5 Stars is taken back."],
  needs_code: false,
  refunds_90d: 2,
  total_spent: 1200,
};

function mockOrders(extra: Record<string, Handler>) {
  return mockCommands({
    orders_count: () => 1,
    orders_page: () => [orderRow(7)],
    catalog_list: () => [],
    refunds_unfinished: () => [],
    order_detail: (a) => detail(Number(a.id)),
    refund_preview: () => preview,
    ...extra,
  });
}

describe("Refund from an order", () => {
  it("asks for a reason, a note for Other, then a step-up code when asked, and sends once however often clicked", async () => {
    let answer: (r: Refunded) => void = () => {};
    let attempts = 0;
    const calls = mockOrders({
      order_refund: () => {
        attempts += 1;
        if (attempts === 1) return Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." });
        return new Promise<Refunded>((resolve) => (answer = resolve));
      },
    });
    const refunds = () => calls.filter((c) => c.cmd === "order_refund");
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });

    await user.click(await screen.findByRole("button", { name: "Refund" }));
    const dialog = await screen.findByRole("dialog", { name: "Refund order #7" });
    expect(await within(dialog).findByText(/the whole 250 Stars go back to the customer's balance/)).toHaveTextContent(
      "Telegram refunds Stars in full only: the whole 250 Stars go back to the customer's balance.",
    );
    expect(within(dialog).getByText("the code TJ-7 is revoked and never sold again")).toBeInTheDocument();
    expect(within(dialog).getByText("Alice's referral commission of 20.5 Stars is taken back.")).toBeInTheDocument();
    expect(within(dialog).getByText("2 refunds in 90 days")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("1,200 Stars")).toBeInTheDocument();
    // No code is asked before the Rust side asks for one.
    expect(within(dialog).queryByLabelText("Code from your authenticator app")).not.toBeInTheDocument();

    const confirm = within(dialog).getByRole("button", { name: /Refund 250 Stars/ });
    await user.click(confirm);
    expect(await within(dialog).findByText("Choose why the order is refunded.")).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "other");
    await user.click(confirm);
    expect(await within(dialog).findByText("Say in a few words why the order is refunded.")).toBeInTheDocument();
    expect(refunds()).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/^Note/), "Bought the wrong region");
    await user.click(confirm);
    // Step-up is on: the same dialog asks for the code, with the Rust side's words.
    const code = await within(dialog).findByLabelText("Code from your authenticator app");
    expect(code).toHaveAttribute("inputmode", "numeric");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    expect(within(dialog).getByText("Enter the 6-digit code from your authenticator app.")).toBeInTheDocument();
    expect(refunds()[0].args).toEqual({ order_id: 7, category: "other", note: "Bought the wrong region", code: null });
    expect(confirm).toBeDisabled();

    await user.type(code, "123 456");
    expect(code).toHaveValue("123456");
    // Two clicks before the button can show it is busy (one act: no render between them): one refund.
    act(() => {
      confirm.click();
      confirm.click();
    });
    await waitFor(() => expect(confirm).toBeDisabled());
    expect(refunds()).toHaveLength(2);
    expect(refunds()[1].args).toEqual({ order_id: 7, category: "other", note: "Bought the wrong region", code: "123456" });

    await act(async () => {
      answer("now");
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(await screen.findByText("Order #7 refunded; the customer was told")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Refund order #7" })).not.toBeInTheDocument());
    expect(refunds()).toHaveLength(2);
    // The list and the drawer read the order again.
    await waitFor(() => expect(calls.filter((c) => c.cmd === "order_detail").length).toBeGreaterThan(1));
  });

  it("asks for the code at once when the preview says so, keeps a refusal in the dialog, and says when it was refunded before", async () => {
    let attempts = 0;
    const calls = mockOrders({
      refund_preview: () => ({ ...preview, needs_code: true }),
      order_refund: () => {
        attempts += 1;
        if (attempts === 1) return Promise.reject({ code: "step_up", message: "That code is not right (4 tries left)." });
        if (attempts === 2) return Promise.reject({ code: "not_refunded", message: "Not refunded: your bot's Stars balance is too low." });
        return "before";
      },
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });
    await user.click(await screen.findByRole("button", { name: "Refund" }));
    const dialog = await screen.findByRole("dialog", { name: "Refund order #7" });
    const code = await within(dialog).findByLabelText("Code from your authenticator app");
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "duplicate");
    await user.type(code, "111111");
    await user.click(within(dialog).getByRole("button", { name: /Refund 250 Stars/ }));
    // A wrong code: said in the field, which is emptied for the next one.
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("That code is not right (4 tries left).");
    expect(code).toHaveValue("");

    await user.type(code, "222222{Enter}");
    expect(await within(dialog).findByText("Not refunded: your bot's Stars balance is too low.")).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: "Refund order #7" })).toBeInTheDocument();

    await user.type(code, "333333{Enter}");
    expect(await screen.findByText("Order #7 was refunded before; nothing done")).toBeInTheDocument();
    const sent = calls.filter((c) => c.cmd === "order_refund").map((c) => c.args.code);
    expect(sent).toEqual(["111111", "222222", "333333"]);
  });

  it("has no Refund button for a refunded order", async () => {
    mockOrders({ order_detail: (a) => detail(Number(a.id), { status: "refunded", refunded_at: 1_760_001_000 }) });
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });
    expect(await screen.findByRole("button", { name: /deliver again/i })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Refund" })).not.toBeInTheDocument();
  });
});
