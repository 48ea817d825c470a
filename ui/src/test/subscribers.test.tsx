import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Subscriber } from "../bindings/Subscriber";
import type { SubscriberDetail } from "../bindings/SubscriberDetail";
import type { SubscriberQuery } from "../bindings/SubscriberQuery";
import { SubscriptionsPage } from "../pages/Subscriptions";
import { SubscriberDrawer } from "../pages/subscriptions/SubscriberDrawer";
import { type Handler, demoStatus, mockCommands, renderPage } from "./render";
import { NOW, detail, plan, queue, subscriber } from "./subscriptionData";

const byTest = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-test="${name}"]`);

function mockDrawer(d: SubscriberDetail, extra: Record<string, Handler> = {}) {
  return mockCommands({ subscriber_detail: () => d, ...extra });
}

async function openDrawer(d: SubscriberDetail, extra: Record<string, Handler> = {}, go = vi.fn()) {
  const calls = mockDrawer(d, extra);
  renderPage(<SubscriberDrawer id={d.subscriber.id} onClose={() => {}} />, { go, current: { page: "subscriptions" } });
  const drawer = await screen.findByRole("dialog", { name: `Subscription ${d.subscriber.id}` });
  await within(drawer).findByText("Payments");
  return { calls, drawer, go };
}

const actions = (drawer: HTMLElement) =>
  ["sub-cancel", "sub-resume", "sub-remove", "sub-refund"].filter((name) => byTest(drawer, name) !== null);

describe("Subscriptions · subscribers", () => {
  it("lists subscribers with search, status and plan filters, and opens one in the drawer", async () => {
    const rows: Subscriber[] = [
      subscriber(),
      subscriber({ id: 8, customer_id: 5002, customer_name: "Bob", username: null, status: "cancelled", access_until: NOW + 27 * 86_400 }),
    ];
    const calls = mockCommands({
      bot_status: () => demoStatus,
      plans_list: () => [plan()],
      channels_list: () => [],
      expiry_queue: () => queue(),
      subscribers_count: (a) => rows.filter((r) => !(a.query as SubscriberQuery).status || r.status === (a.query as SubscriberQuery).status).length,
      subscribers_page: (a) => rows.filter((r) => !(a.query as SubscriberQuery).status || r.status === (a.query as SubscriberQuery).status),
      subscriber_detail: () => detail(),
    });
    const queries = () => calls.filter((c) => c.cmd === "subscribers_page").map((c) => c.args.query as SubscriberQuery);
    const user = userEvent.setup();
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "subscribers" } });

    const grid = await screen.findByRole("grid", { name: "Subscribers" });
    const bob = await within(grid).findByText("Bob");
    const bobRow = bob.closest<HTMLElement>("[role='row']")!;
    expect(bobRow).toHaveTextContent("Insiders monthly");
    expect(bobRow).toHaveTextContent("Cancelled");
    // Access runs past the paid period (an extension): its own column says until when.
    expect(within(bobRow).getAllByText(/\d{4}/)).toHaveLength(3);
    expect(byTest(document, "subscriber-count")).toHaveTextContent("2 subscriptions");
    expect(queries()[0]).toEqual({ search: "", status: null, plan_id: null, sort: "newest", offset: 0, limit: 100 });

    await user.selectOptions(byTest(document, "subscriber-status")!, "cancelled");
    await waitFor(() => expect(byTest(document, "subscriber-count")).toHaveTextContent("1 subscription"));
    await user.selectOptions(byTest(document, "subscriber-plan")!, "3");
    await user.selectOptions(byTest(document, "subscriber-sort")!, "stars_paid");
    await user.type(byTest(document, "subscriber-search")!, "@bob");
    await waitFor(() =>
      expect(queries().at(-1)).toEqual({ search: "@bob", status: "cancelled", plan_id: 3, sort: "stars_paid", offset: 0, limit: 100 }),
    );

    await user.click(await within(grid).findByText("Bob"));
    const drawer = await screen.findByRole("dialog", { name: "Subscription 8" });
    expect(drawer).toHaveAttribute("data-test", "subscriber-detail");
  });

  it.each([
    ["an active one", detail({ status: "active" }), ["sub-cancel", "sub-remove", "sub-refund"]],
    ["a cancelled one", detail({ status: "cancelled", cancelled_at: NOW - 86_400 }), ["sub-resume", "sub-remove", "sub-refund"]],
    // Its paid period is over (access extended past it): Telegram cannot renew it any more.
    ["a cancelled one past its period", detail({ status: "cancelled", paid_until: NOW - 60, access_until: NOW + 3 * 86_400 }), ["sub-remove", "sub-refund"]],
    ["a lapsed one", detail({ status: "lapsed", has_access: false, paid_until: NOW - 86_400, access_until: NOW - 86_400 }), ["sub-refund"]],
    ["a refunded one", detail({ status: "refunded", has_access: false }, true), []],
  ])("offers only what the status allows: %s", async (_, d, expected) => {
    const { drawer } = await openDrawer(d);
    expect(actions(drawer)).toEqual(expected);
    // Extending is a goodwill gesture in any state; someone removed is let in again.
    expect(byTest(drawer, "sub-extend")).not.toBeNull();
  });

  it("cancels renewal, extends with a reason, removes after confirming, and opens a payment's order", async () => {
    let d = detail();
    const { calls, drawer, go } = await openDrawer(d, {
      subscriber_detail: () => d,
      subscription_set_renewal: (a) => {
        d = detail({ status: a.renew ? "active" : "cancelled" });
        return d.subscriber;
      },
      subscription_extend: () => subscriber({ access_until: NOW + 27 * 86_400 }),
      subscription_remove: () => Promise.reject({ code: "telegram", message: "Telegram did not change the renewal: Bad Request" }),
    });
    const user = userEvent.setup();

    await user.click(byTest(drawer, "sub-cancel")!);
    await waitFor(() => expect(calls.find((c) => c.cmd === "subscription_set_renewal")?.args).toEqual({ id: 9, renew: false }));
    expect(await screen.findByText("Renewal cancelled")).toBeInTheDocument();
    // The drawer reads the subscription again: cancelled, it offers Re-enable.
    await waitFor(() => expect(byTest(drawer, "sub-resume")).not.toBeNull());
    expect(byTest(drawer, "sub-cancel")).toBeNull();

    const days = byTest(drawer, "sub-extend-days")!;
    await user.clear(days);
    await user.type(days, "400");
    await user.click(byTest(drawer, "sub-extend")!);
    expect(within(drawer).getByText("Extend by 1 to 365 days.")).toBeInTheDocument();
    expect(within(drawer).getByText("Say why, for the audit trail.")).toBeInTheDocument();
    await user.clear(days);
    await user.type(days, "7");
    await user.type(byTest(drawer, "sub-extend-reason")!, "Channel was down");
    await user.click(byTest(drawer, "sub-extend")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "subscription_extend")?.args).toEqual({ id: 9, days: 7, reason: "Channel was down" }),
    );
    expect(await screen.findByText("Access extended by 7 days")).toBeInTheDocument();

    await user.click(byTest(drawer, "sub-remove")!);
    const confirm = await screen.findByRole("dialog", { name: "Remove Alice now?" });
    expect(calls.some((c) => c.cmd === "subscription_remove")).toBe(false);
    await user.type(within(confirm).getByLabelText(/Reason/), "Shared the invite");
    await user.click(byTest(confirm, "sub-remove-confirm")!);
    // The core's refusal stays in the dialog.
    expect(await within(confirm).findByText("Telegram did not change the renewal: Bad Request")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "subscription_remove")?.args).toEqual({ id: 9, reason: "Shared the invite" });
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));

    await user.click(within(drawer).getByRole("button", { name: "Order #84" }));
    expect(go).toHaveBeenCalledWith({ page: "orders", search: "#84", orderId: 84 });
  });

  it("refunds the last payment with keepAccess as ticked, asking for a step-up code when the core wants one", async () => {
    let attempts = 0;
    const { calls, drawer } = await openDrawer(detail(), {
      subscription_refund: () => {
        attempts += 1;
        if (attempts === 1) return Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." });
        return "now";
      },
    });
    const refunds = () => calls.filter((c) => c.cmd === "subscription_refund");
    const user = userEvent.setup();
    await user.click(byTest(drawer, "sub-refund")!);
    const dialog = await screen.findByRole("dialog", { name: "Refund the last payment of subscription #9" });
    expect(dialog).toHaveTextContent("Order #84");
    const keep = byTest(dialog, "sub-refund-keep") as HTMLInputElement;
    // Access is taken away now unless the merchant keeps it.
    expect(keep.checked).toBe(false);
    expect(dialog).toHaveTextContent("access to Insiders now");
    await user.click(keep);
    expect(dialog).toHaveTextContent(/access to Insiders on .*, the end of the paid period/);

    await user.click(byTest(dialog, "sub-refund-confirm")!);
    expect(await within(dialog).findByText("Choose why the order is refunded.")).toBeInTheDocument();
    expect(refunds()).toHaveLength(0);
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "customer_request");
    await user.click(byTest(dialog, "sub-refund-confirm")!);
    const code = await within(dialog).findByLabelText("Code from your authenticator app");
    expect(refunds()[0].args).toEqual({ id: 9, category: "customer_request", note: "", keep_access: true, code: null });

    await user.type(code, "654321{Enter}");
    await waitFor(() => expect(refunds()).toHaveLength(2));
    expect(refunds()[1].args).toEqual({ id: 9, category: "customer_request", note: "", keep_access: true, code: "654321" });
    expect(await screen.findByText("Subscription #9 refunded; the customer was told")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog", { name: /Refund the last payment/ })).not.toBeInTheDocument());
  });

  it("sends keepAccess false when the box is left alone", async () => {
    const { calls, drawer } = await openDrawer(detail(), { subscription_refund: () => "now" });
    const user = userEvent.setup();
    await user.click(byTest(drawer, "sub-refund")!);
    const dialog = await screen.findByRole("dialog", { name: "Refund the last payment of subscription #9" });
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "duplicate");
    await user.click(byTest(dialog, "sub-refund-confirm")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "subscription_refund")?.args).toEqual({
        id: 9,
        category: "duplicate",
        note: "",
        keep_access: false,
        code: null,
      }),
    );
  });

  it("reads the drawer again when the subscriptions change", async () => {
    let d = detail();
    const { calls, drawer } = await openDrawer(d, { subscriber_detail: () => d });
    expect(byTest(drawer, "sub-cancel")).not.toBeNull();
    d = detail({ status: "lapsed", has_access: false });
    await act(() => emit("app-event", { type: "subscriptions_changed" }));
    await waitFor(() => expect(byTest(drawer, "sub-cancel")).toBeNull());
    expect(within(drawer).getByText("Lapsed")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "subscriber_detail")).toHaveLength(2);
  });
});
