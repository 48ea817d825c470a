import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Invoice } from "../bindings/Invoice";
import type { InvoicePage } from "../bindings/InvoicePage";
import type { InvoiceQuery } from "../bindings/InvoiceQuery";
import { dateTimeShort, time } from "../lib/format";
import { OrdersPage } from "../pages/Orders";
import { SettingsPage } from "../pages/Settings";
import { demoStatus, mockCommands, orderRow, renderPage } from "./render";

const NOW = Math.floor(Date.now() / 1000);

function invoice(id: number, over: Partial<Invoice> = {}): Invoice {
  return {
    id,
    customer_id: 5000 + id,
    customer_name: `Customer ${id}`,
    product_id: 1,
    product_title: "Pro tips guide",
    stars: 25,
    status: "open",
    order_id: null,
    sent_at: NOW - 600,
    // Now: "until" is today's time whenever the test runs.
    expires_at: NOW,
    settled_at: null,
    reminder: null,
    ...over,
  };
}

const open = invoice(3, { customer_name: "Ann" });
const paid = invoice(2, { customer_name: "Boris", status: "paid", order_id: 41, stars: 40, settled_at: NOW - 300 });
const expired = invoice(1, { customer_name: "Chen", status: "expired", settled_at: NOW - 60 });

function page(invoices: Invoice[], over: Partial<InvoicePage> = {}): InvoicePage {
  return { invoices, open: 1, paid: 12, expired: 3, valid_minutes: 15, ...over };
}

/** The invoices the core holds, newest first, answered the way `invoices_page` pages them. */
function answer(all: Invoice[], over: Partial<InvoicePage> = {}) {
  return (a: Record<string, unknown>) => {
    const q = a.query as InvoiceQuery;
    const rows = all.filter((i) => (q.status === null || i.status === q.status) && (q.before === null || i.id < q.before));
    return page(rows.slice(0, q.limit ?? 50), over);
  };
}

const queries = (calls: { cmd: string; args: Record<string, unknown> }[]) =>
  calls.filter((c) => c.cmd === "invoices_page").map((c) => c.args.query as InvoiceQuery);

async function openInvoices() {
  const user = userEvent.setup();
  renderPage(<OrdersPage />, { current: { page: "orders" } });
  await user.click(await screen.findByRole("tab", { name: "Invoices" }));
  return user;
}

const orderMocks = {
  orders_count: () => 0,
  orders_page: () => [],
  catalog_list: () => [],
};

describe("Invoices", () => {
  it("lists the invoices with their status and the week's counts, and opens a paid one's order", async () => {
    const calls = mockCommands({
      ...orderMocks,
      invoices_page: answer([open, paid, expired]),
      order_detail: () => ({
        order: { ...orderRow(41), refund_reason: null, delivered_at: null, refunded_at: null },
        customer: null,
        provider_charge_id: null,
        deliveries: [],
        attention: [],
        queued: [],
      }),
    });
    const user = await openInvoices();
    const table = await screen.findByRole("table", { name: "Invoices sent in the chat" });
    expect(queries(calls)[0]).toEqual({ status: null, customer_id: null, before: null, limit: 50 });
    expect(screen.getByText("Last 7 days: 12 paid · 3 expired · 1 open · 80% of settled invoices paid")).toBeInTheDocument();

    const [, first, second, third] = within(table).getAllByRole("row");
    expect(first).toHaveTextContent("Ann");
    expect(within(first).getByText("Open")).toBeInTheDocument();
    expect(within(first).getByText(`until ${time(open.expires_at)}`)).toBeInTheDocument();
    expect(first).toHaveTextContent("—");
    expect(second).toHaveTextContent("Boris");
    expect(within(second).getByText("Paid")).toBeInTheDocument();
    expect(second).toHaveTextContent(dateTimeShort(paid.settled_at!));
    expect(second).toHaveTextContent("40");
    expect(third).toHaveTextContent("Chen");
    expect(third).toHaveTextContent("Expired");
    expect(third).not.toHaveTextContent("order #");

    await user.click(within(second).getByRole("button", { name: "order #41" }));
    expect(await screen.findByRole("dialog", { name: "Order 41" })).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "order_detail")?.args).toEqual({ id: 41 });
  });

  it("sends the status chosen in the query, and says when none has it", async () => {
    const calls = mockCommands({ ...orderMocks, invoices_page: answer([open, paid]) });
    const user = await openInvoices();
    await screen.findByText("Ann");

    await user.click(screen.getByRole("button", { name: "Paid" }));
    await waitFor(() => expect(queries(calls).at(-1)).toEqual({ status: "paid", customer_id: null, before: null, limit: 50 }));
    await waitFor(() => expect(screen.queryByText("Ann")).not.toBeInTheDocument());
    expect(screen.getByText("Boris")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Expired" }));
    await waitFor(() => expect(queries(calls).at(-1)?.status).toBe("expired"));
    expect(await screen.findByText("No expired invoices")).toBeInTheDocument();

    // All again: the list read first, with the open one.
    await user.click(screen.getByRole("button", { name: "All" }));
    expect(await screen.findByText("Ann")).toBeInTheDocument();
  });

  it("loads the page before the last row, and offers no more after a short page", async () => {
    // 53 invoices: a full page of 50 (ids 53 down to 4), then 3.
    const all = Array.from({ length: 53 }, (_, i) => invoice(53 - i));
    const calls = mockCommands({ ...orderMocks, invoices_page: answer(all) });
    const user = await openInvoices();
    const table = await screen.findByRole("table", { name: "Invoices sent in the chat" });
    expect(within(table).getAllByRole("row")).toHaveLength(51);
    expect(screen.queryByText("Customer 3")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Customer 3")).toBeInTheDocument();
    expect(queries(calls).at(-1)).toEqual({ status: null, customer_id: null, before: 4, limit: 50 });
    expect(within(table).getAllByRole("row")).toHaveLength(54);
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
  });

  it("reads the list again when an invoice changes and when an order comes", async () => {
    let held = [open];
    const calls = mockCommands({ ...orderMocks, invoices_page: (a) => answer(held)(a) });
    await openInvoices();
    await screen.findByText("Ann");

    held = [{ ...open, status: "expired", settled_at: NOW }];
    await act(() => emit("app-event", { type: "invoices_changed" }));
    const table = screen.getByRole("table", { name: "Invoices sent in the chat" });
    await waitFor(() => expect(within(table).getAllByRole("row")[1]).toHaveTextContent("Expired"));

    // The invalidation is throttled per key: the next event comes after its window.
    await new Promise((r) => setTimeout(r, 350));
    const before = queries(calls).length;
    held = [{ ...open, status: "paid", order_id: 77, settled_at: NOW }];
    await act(() =>
      emit("app-event", {
        type: "order_created",
        order: { ...orderRow(77), refund_reason: null, delivered_at: null, refunded_at: null },
      }),
    );
    expect(await screen.findByRole("button", { name: "order #77" })).toBeInTheDocument();
    expect(queries(calls).length).toBeGreaterThan(before);
  });
});

describe("Settings · invoices", () => {
  const settingsMocks = {
    bot_status: () => demoStatus,
    bot_keychain: () => ({ available: true, reason: null }),
    settings_texts: () => [],
    settings_notifications: () => true,
  };

  it("shows the minutes held, saves new ones and shows the core's refusal", async () => {
    const calls = mockCommands({
      ...settingsMocks,
      invoices_page: answer([], { valid_minutes: 15 }),
      invoices_set_minutes: (a) =>
        (a.minutes as number) > 1440
          ? Promise.reject({ code: "invalid", message: "An invoice stays valid for 1 to 1440 minutes." })
          : a.minutes,
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const field = await screen.findByLabelText("Invoices stay valid for");
    await waitFor(() => expect(field).toHaveValue("15"));
    expect(queries(calls)[0]?.limit).toBe(1);
    const section = screen.getByText("Invoices stay valid for").closest("[data-test='invoice-settings']") as HTMLElement;
    expect(section).toHaveTextContent(
      /Paying after that is refused; the invoice is replaced in the chat by an\s+"expired" line with a fresh Buy button\./,
    );

    await user.clear(field);
    await user.type(field, "2000{Enter}");
    expect(await within(section).findByRole("alert")).toHaveTextContent("An invoice stays valid for 1 to 1440 minutes.");
    expect(calls.filter((c) => c.cmd === "invoices_set_minutes").map((c) => c.args)).toEqual([{ minutes: 2000 }]);

    // Not a number at all: said here, nothing sent.
    await user.clear(field);
    await user.type(field, "ten{Enter}");
    expect(await within(section).findByRole("alert")).toHaveTextContent("Type a whole number of minutes.");
    expect(calls.filter((c) => c.cmd === "invoices_set_minutes")).toHaveLength(1);

    await user.clear(field);
    await user.type(field, "30");
    await user.click(within(section).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Invoices stay valid for 30 minutes")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "invoices_set_minutes").map((c) => c.args)).toEqual([{ minutes: 2000 }, { minutes: 30 }]);
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    expect(field).toHaveValue("30");
    expect(within(section).getByRole("button", { name: "Save" })).toBeDisabled();
  });
});
