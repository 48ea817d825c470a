import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../bindings/Conversation";
import type { RefundRequest } from "../bindings/RefundRequest";
import type { SupportMessage } from "../bindings/SupportMessage";
import type { Templates } from "../bindings/Templates";
import { SupportPage } from "../pages/Support";
import { mockCommands, orderRow, renderPage } from "./render";

function request(id: number, over: Partial<RefundRequest> = {}): RefundRequest {
  return {
    id,
    order_id: 100 + id,
    customer_id: 42,
    customer_name: `Customer ${id}`,
    username: null,
    product_title: "Game key",
    stars: 50,
    order_status: "delivered",
    paid_at: 1_760_000_000,
    delivered_at: 1_760_000_060,
    code: `KEY-${id}`,
    reason: "It does not work",
    state: "open",
    created_at: 1_760_000_000 + id * 60,
    decided_at: null,
    decided_by: null,
    decider: null,
    answer: null,
    last_error: null,
    refunds_90d: 0,
    total_spent: 300,
    ...over,
  };
}

const templates: Templates = {
  canned: [
    { title: "Resent", body: "I have sent your purchase again." },
    { title: "Looking into it", body: "Thanks for writing. I am looking into it." },
  ],
  decline: [
    { title: "Code already used", body: "The code was redeemed before the request." },
    { title: "Outside the policy", body: "This order is outside our refund policy." },
  ],
};

const counts = { open_conversations: 1, unread: 2, open_requests: 3 };

describe("Support · refund requests", () => {
  it("moves with j and k, approves with a, declines with d and a message, and shows the customer's words as text", async () => {
    let open = [request(3, { reason: "<b>never arrived</b>", refunds_90d: 2 }), request(2), request(1)];
    const calls = mockCommands({
      support_counts: () => counts,
      support_templates: () => templates,
      requests_list: () => open,
      request_approve: (a) => {
        const r = open.find((x) => x.id === a.id)!;
        open = open.filter((x) => x.id !== a.id);
        return { ...r, state: "approved" };
      },
      request_decline: (a) => {
        const r = open.find((x) => x.id === a.id)!;
        open = open.filter((x) => x.id !== a.id);
        return { ...r, state: "declined", answer: a.message };
      },
    });
    const user = userEvent.setup();
    renderPage(<SupportPage />, { current: { page: "support" } });
    const list = await screen.findByRole("listbox", { name: "Refund requests" });
    const selected = () => within(list).getByRole("option", { selected: true });
    // Newest first, the first one open.
    expect(selected()).toHaveTextContent("Customer 3");
    const detail = () => screen.getByRole("region", { name: /^Request \d+$/ });
    expect(detail()).toHaveTextContent("Request #3");
    // Whatever the customer typed is text, never markup.
    expect(within(detail()).getByText("<b>never arrived</b>")).toBeInTheDocument();
    expect(detail().querySelector("b")).toBeNull();
    expect(within(detail()).getByText("KEY-3")).toBeInTheDocument();
    expect(within(detail()).getByText("2 refunds in 90 days")).toBeInTheDocument();

    await user.keyboard("j");
    expect(selected()).toHaveTextContent("Customer 2");
    await user.keyboard("j");
    await user.keyboard("j");
    expect(selected()).toHaveTextContent("Customer 1");
    await user.keyboard("k");
    expect(selected()).toHaveTextContent("Customer 2");

    await user.keyboard("a");
    await waitFor(() => expect(calls.find((c) => c.cmd === "request_approve")?.args).toEqual({ id: 2, code: null }));
    expect(await screen.findByText("Request #2 approved; order #102 refunded")).toBeInTheDocument();
    // Decided, it leaves the open list; the next one is selected.
    await waitFor(() => expect(within(list).queryByText("Customer 2")).not.toBeInTheDocument());
    expect(selected()).toHaveTextContent("Customer 1");

    await user.keyboard("d");
    const dialog = await screen.findByRole("dialog", { name: "Decline request #1" });
    const message = within(dialog).getByLabelText(/Message to the customer/);
    // The first decline template fills the box.
    await waitFor(() => expect(message).toHaveValue("The code was redeemed before the request."));
    // Keys typed in the dialog are text, not shortcuts.
    await user.clear(message);
    await user.type(message, "a");
    expect(calls.filter((c) => c.cmd === "request_approve")).toHaveLength(1);
    await user.clear(message);
    await user.click(within(dialog).getByRole("button", { name: /Decline and tell the customer/ }));
    expect(await within(dialog).findByText("Write a message for the customer: it says why the request is declined.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "request_decline")).toBe(false);

    await user.selectOptions(within(dialog).getByLabelText("Start from a template"), "Outside the policy");
    expect(message).toHaveValue("This order is outside our refund policy.");
    await user.click(within(dialog).getByRole("button", { name: /Decline and tell the customer/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "request_decline")?.args).toEqual({ id: 1, message: "This order is outside our refund policy." }),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(await screen.findByText("Request #1 declined")).toBeInTheDocument();
  });

  it("asks for a code when approving takes one, and shows why an approval did not go through", async () => {
    let attempts = 0;
    const r = request(5, { stars: 900, last_error: "Not refunded: your bot's Stars balance is too low." });
    const calls = mockCommands({
      support_counts: () => counts,
      requests_list: () => [r],
      request_approve: () => {
        attempts += 1;
        if (attempts === 1) return Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." });
        return Promise.reject({ code: "step_up_locked", message: "Too many wrong codes: refunds, token and policy changes are locked until 12:05 UTC, in about 5 minutes." });
      },
    });
    const user = userEvent.setup();
    renderPage(<SupportPage />, { current: { page: "support" } });
    expect(await screen.findByText("The last approval did not go through")).toBeInTheDocument();
    expect(screen.getByText("Not refunded: your bot's Stars balance is too low.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: /Approve and refund/ }));
    const ask = await screen.findByRole("dialog", { name: "Enter your authenticator code" });
    expect(ask).toHaveTextContent("Approving request #5 refunds 900 Stars.");
    await user.type(within(ask).getByLabelText("Code from your authenticator app"), "123456");
    await user.click(within(ask).getByRole("button", { name: "Confirm" }));
    // Locked: said once, nothing retried.
    expect(await screen.findByText(/Too many wrong codes/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.filter((c) => c.cmd === "request_approve").map((c) => c.args)).toEqual([
      { id: 5, code: null },
      { id: 5, code: "123456" },
    ]);
  });
});

describe("Support · conversations", () => {
  const maya: Conversation = {
    id: 7,
    customer_id: 42,
    customer_name: "Maya",
    username: "maya",
    status: "open",
    unread: 2,
    last_at: 1_760_000_300,
    last_text: "Where is my code?",
    last_from_customer: true,
    open_requests: 0,
  };
  const messages: SupportMessage[] = [
    { id: 1, author: "customer", author_name: "Maya", body: "Hello, I paid but <i>nothing</i> came", request_id: null, state: "sent", created_at: 1_760_000_100 },
    { id: 2, author: "bot", author_name: "", body: "Thanks, your message is with us.", request_id: null, state: "sent", created_at: 1_760_000_101 },
    { id: 3, author: "operator", author_name: "Anna", body: "Looking now", request_id: null, state: "failed", created_at: 1_760_000_200 },
    { id: 4, author: "customer", author_name: "Maya", body: "Where is my code?", request_id: null, state: "sent", created_at: 1_760_000_300 },
  ];

  it("opens a conversation, marks it read, shows the chat and the orders, and replies with Enter", async () => {
    let list = [maya, { ...maya, id: 8, customer_id: 43, customer_name: "Omar", status: "resolved" as const, unread: 0 }];
    let chat = [...messages];
    const calls = mockCommands({
      support_counts: () => counts,
      support_templates: () => templates,
      support_conversations: () => list,
      support_messages: () => chat,
      support_mark_read: () => {
        list = list.map((c) => (c.id === 7 ? { ...c, unread: 0 } : c));
        return null;
      },
      support_reply: (a) => {
        const m: SupportMessage = { id: 5, author: "operator", author_name: "Anna", body: String(a.body), request_id: null, state: "sent", created_at: 1_760_000_400 };
        chat = [...chat, m];
        list = list.map((c) => (c.id === 7 ? { ...c, status: "waiting" } : c));
        return m;
      },
      support_set_status: () => null,
      orders_page: () => [orderRow(11, { customer_id: 42, product_title: "Game key" }), orderRow(42, { customer_id: 99 })],
    });
    const user = userEvent.setup();
    renderPage(<SupportPage />, { current: { page: "support", tab: "conversations" } });
    const list0 = await screen.findByRole("list", { name: "Conversations" });
    // "Open" first: the resolved one waits under its own filter.
    expect(within(list0).queryByText("Omar")).not.toBeInTheDocument();
    expect(within(list0).getByLabelText("2 unread")).toBeInTheDocument();

    await user.click(within(list0).getByRole("button", { name: /Maya/ }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "support_mark_read")?.args).toEqual({ conversation_id: 7 }));
    const log = await screen.findByRole("log", { name: "Messages" });
    expect(within(log).getByText("Hello, I paid but <i>nothing</i> came")).toBeInTheDocument();
    expect(log.querySelector("i")).toBeNull();
    const bot = log.querySelector('[data-author="bot"]')!;
    expect(bot).toHaveTextContent("bot");
    expect(log.querySelector('[data-state="failed"]')).toHaveTextContent("not sent");
    // The customer's orders beside the chat; an order that only shares the number is not theirs.
    const side = screen.getByRole("complementary", { name: "Maya's orders" });
    expect(await within(side).findByText("#11")).toBeInTheDocument();
    expect(within(side).queryByText("#42")).not.toBeInTheDocument();
    await waitFor(() => expect(within(list0).queryByLabelText("2 unread")).not.toBeInTheDocument());

    // A canned reply goes into the box; Shift+Enter is a new line, Enter sends.
    const box = screen.getByLabelText("Reply to Maya");
    await user.selectOptions(screen.getByLabelText("Insert a canned reply"), "Resent");
    expect(box).toHaveValue("I have sent your purchase again.");
    // The box takes the focus and the cursor after the inserted text on the next frame.
    await waitFor(() => expect(box).toHaveFocus());
    await user.type(box, "{Shift>}{Enter}{/Shift}Anything else?");
    expect(calls.some((c) => c.cmd === "support_reply")).toBe(false);
    const draft = (box as HTMLTextAreaElement).value;
    expect(draft).toMatch(/^I have sent your purchase again\.\s*Anything else\?$/);
    await user.type(box, "{Enter}");
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "support_reply")?.args).toEqual({
        conversation_id: 7,
        body: draft,
      }),
    );
    await waitFor(() => expect(box).toHaveValue(""));
    expect(await within(log).findByText(/Anything else\?/)).toBeInTheDocument();
    // Answered, it waits for the customer, and stays on screen though "Open" no longer lists it.
    expect(await screen.findByRole("group", { name: "Status" })).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole("group", { name: "Status" })).getByRole("button", { name: "Waiting for customer" })).toHaveAttribute("aria-pressed", "true"));
    expect(screen.getByRole("log", { name: "Messages" })).toBeInTheDocument();

    await user.click(within(screen.getByRole("group", { name: "Status" })).getByRole("button", { name: "Resolved" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "support_set_status")?.args).toEqual({ conversation_id: 7, status: "resolved" }));
  });

  it("shows a customer's new message as it arrives", async () => {
    let chat = messages.slice(0, 1);
    mockCommands({
      support_counts: () => counts,
      support_templates: () => templates,
      support_conversations: () => [{ ...maya, unread: 0 }],
      support_messages: () => chat,
      support_mark_read: () => null,
      orders_page: () => [],
    });
    const user = userEvent.setup();
    renderPage(<SupportPage />, { current: { page: "support", tab: "conversations" } });
    await user.click(await screen.findByRole("button", { name: /Maya/ }));
    const log = await screen.findByRole("log", { name: "Messages" });
    chat = messages;
    await act(() => emit("app-event", { type: "support_message", conversation_id: 7, customer_name: "Maya", text: "Where is my code?", from_customer: true }));
    expect(await within(log).findByText("Where is my code?")).toBeInTheDocument();
  });
});
