import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Invoice } from "../bindings/Invoice";
import type { ReminderSettings } from "../bindings/ReminderSettings";
import { dateTimeShort, time } from "../lib/format";
import { OrdersPage } from "../pages/Orders";
import { SettingsPage } from "../pages/Settings";
import { reminderLabel } from "../pages/orders/Invoices";
import { demoStatus, mockCommands, renderPage } from "./render";

const NOW = Math.floor(Date.now() / 1000);

function expired(id: number, over: Partial<Invoice> = {}): Invoice {
  return {
    id,
    customer_id: 5000 + id,
    customer_name: `Customer ${id}`,
    product_id: 1,
    product_title: "Pro tips guide",
    stars: 25,
    status: "expired",
    order_id: null,
    sent_at: NOW - 1800,
    expires_at: NOW - 900,
    settled_at: NOW - 900,
    reminder: null,
    ...over,
  };
}

describe("Invoices · reminders", () => {
  it("says beside each expired invoice when its reminder is due, that it went out, or why not", async () => {
    // Two days on is another day of the shop's whenever the test runs; now is today.
    const later = NOW + 2 * 86400;
    const invoices: Invoice[] = [
      expired(6, { customer_name: "Ann", reminder: { state: "pending", due_at: NOW } }),
      expired(5, { customer_name: "Boris", reminder: { state: "pending", due_at: later } }),
      expired(4, { customer_name: "Chen", reminder: { state: "sent" } }),
      expired(3, { customer_name: "Dana", reminder: { state: "skipped", reason: "sold out" } }),
      expired(2, { customer_name: "Eli", reminder: { state: "skipped", reason: "not agreed" } }),
      // Expired while reminders were off: nothing planned, nothing said.
      expired(1, { customer_name: "Fay" }),
    ];
    mockCommands({
      orders_count: () => 0,
      orders_page: () => [],
      catalog_list: () => [],
      invoices_page: () => ({ invoices, open: 0, paid: 0, expired: 6, valid_minutes: 15 }),
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await user.click(await screen.findByRole("tab", { name: "Invoices" }));
    const table = await screen.findByRole("table", { name: "Invoices sent in the chat" });
    const rows = within(table).getAllByRole("row").slice(1);
    const said = rows.map((r) => r.querySelector("[data-test='invoice-reminder']")?.textContent ?? null);
    expect(said).toEqual([
      `reminder at ${time(NOW)}`,
      `reminder at ${dateTimeShort(later)}`,
      "reminded",
      "not reminded: sold out",
      "not reminded: not agreed",
      null,
    ]);
    // Another day's time carries its day: not the bare time.
    expect(said[1]).not.toBe(`reminder at ${time(later)}`);
    expect(within(rows[4]).getByText("not reminded: not agreed")).toHaveAttribute("title", "The customer did not say yes to reminders.");
    for (const r of rows) expect(r).toHaveTextContent("Expired");
  });

  it("reads a pending reminder's day from the shop's today", () => {
    const due = 1_760_000_000;
    const sameDay = new Date(due * 1000);
    const daysBefore = new Date((due - 3 * 86400) * 1000);
    expect(reminderLabel({ state: "pending", due_at: due }, sameDay)).toBe(`reminder at ${time(due)}`);
    expect(reminderLabel({ state: "pending", due_at: due }, daysBefore)).toBe(`reminder at ${dateTimeShort(due, daysBefore)}`);
    expect(dateTimeShort(due, daysBefore)).not.toBe(time(due));
  });
});

describe("Settings · reminders about unfinished payments", () => {
  it("shows what is held, saves the hours and the switch, and shows the core's refusal under the field", async () => {
    let held: ReminderSettings = { enabled: true, after_hours: 2 };
    const calls = mockCommands({
      bot_status: () => demoStatus,
      bot_keychain: () => ({ available: true, reason: null }),
      settings_texts: () => [],
      settings_notifications: () => true,
      invoices_page: () => ({ invoices: [], open: 0, paid: 0, expired: 0, valid_minutes: 15 }),
      reminders_settings: () => held,
      reminders_set: (a) => {
        const s = a.settings as ReminderSettings;
        if (s.after_hours < 1 || s.after_hours > 72) {
          return Promise.reject({ code: "invalid", message: "A reminder goes out 1 to 72 hours after its invoice expired." });
        }
        held = s;
        return s;
      },
    });
    const sent = () => calls.filter((c) => c.cmd === "reminders_set").map((c) => c.args.settings);
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const field = await screen.findByLabelText("Send the reminder");
    await waitFor(() => expect(field).toHaveValue("2"));
    const section = field.closest("[data-test='reminder-settings']") as HTMLElement;
    expect(within(section).getByRole("heading", { name: "Reminders about unfinished payments" })).toBeInTheDocument();
    expect(within(section).getByText("hours after the invoice expired")).toBeInTheDocument();
    expect(section).toHaveTextContent(/Customers are asked first.*\/reminders.*\/stop\./);
    const toggle = within(section).getByRole("switch", { name: "Reminders about unfinished payments" });
    expect(toggle).toHaveAttribute("aria-checked", "true");

    // Out of range: the core's words under the field, the hours typed kept.
    await user.clear(field);
    await user.type(field, "100{Enter}");
    expect(await within(section).findByRole("alert")).toHaveTextContent("A reminder goes out 1 to 72 hours after its invoice expired.");
    expect(sent()).toEqual([{ enabled: true, after_hours: 100 }]);
    expect(field).toHaveValue("100");

    // Not a number: said here, nothing sent.
    await user.clear(field);
    await user.type(field, "two{Enter}");
    expect(await within(section).findByRole("alert")).toHaveTextContent("Type a whole number of hours.");
    expect(sent()).toHaveLength(1);

    await user.clear(field);
    await user.type(field, "5");
    await user.click(within(section).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Reminders go out 5 hours after an invoice expired")).toBeInTheDocument();
    expect(sent()).toEqual([
      { enabled: true, after_hours: 100 },
      { enabled: true, after_hours: 5 },
    ]);
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Save" })).toBeDisabled();

    // Off keeps the hours saved.
    await user.click(toggle);
    expect(await screen.findByText("No reminders about unfinished payments")).toBeInTheDocument();
    expect(sent().at(-1)).toEqual({ enabled: false, after_hours: 5 });
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "false"));
    expect(field).toHaveValue("5");
  });
});
