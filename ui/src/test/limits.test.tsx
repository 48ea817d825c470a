import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CustomerRow } from "../bindings/CustomerRow";
import type { Flagged } from "../bindings/Flagged";
import type { Limits } from "../bindings/Limits";
import { CustomersPage } from "../pages/Customers";
import { SettingsPage } from "../pages/Settings";
import { demoStatus, mockCommands, renderPage } from "./render";

const RANGES: Record<keyof Limits, [string, number]> = {
  purchases_per_hour: ["purchases an hour", 1000],
  stars_per_day: ["Stars a day", 10_000_000],
  new_customer_stars_per_day: ["Stars on a customer's first day", 10_000_000],
  attempts_per_minute: ["payment attempts a minute", 600],
};

describe("Settings · limits against abuse", () => {
  it("shows the limits held, sends an empty field as off, and shows the core's refusal", async () => {
    let held: Limits = { purchases_per_hour: 2, stars_per_day: null, new_customer_stars_per_day: 300, attempts_per_minute: null };
    const calls = mockCommands({
      bot_status: () => demoStatus,
      bot_keychain: () => ({ available: true, reason: null }),
      settings_texts: () => [],
      settings_notifications: () => true,
      limits_get: () => held,
      limits_set: (a) => {
        const l = a.limits as Limits;
        for (const [k, [what, max]] of Object.entries(RANGES) as [keyof Limits, [string, number]][]) {
          const v = l[k];
          if (v !== null && (v < 1 || v > max)) return Promise.reject({ code: "invalid", message: `The limit of ${what} must be 1 to ${max}, or off.` });
        }
        held = l;
        return l;
      },
    });
    const sent = () => calls.filter((c) => c.cmd === "limits_set").map((c) => c.args.limits);
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const purchases = await screen.findByLabelText("Purchases an hour, per customer");
    const section = purchases.closest("[data-test='limits-settings']") as HTMLElement;
    const stars = within(section).getByLabelText("Stars in 24 hours, per customer");
    const newcomer = within(section).getByLabelText("Stars on a new customer's first day");
    const attempts = within(section).getByLabelText("Payment attempts a minute, per customer");
    expect(within(section).getByRole("heading", { name: "Limits against abuse" })).toBeInTheDocument();
    expect([purchases, stars, newcomer, attempts].map((i) => (i as HTMLInputElement).value)).toEqual(["2", "", "300", ""]);
    expect(within(section).getByText("purchases an hour")).toBeInTheDocument();
    expect(within(section).getByText("payment attempts a minute")).toBeInTheDocument();
    expect(section.querySelector("[data-test='limits-now']")).toHaveTextContent(
      "Now: 2 purchases an hour, 300 Stars on a new customer's first day.",
    );
    expect(section.querySelector("[data-test='limits-explained']")).toHaveTextContent(
      /hits a limit is refused at checkout with a clear message in the chat, and flagged on the Customers page/,
    );
    const save = within(section).getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();

    // Out of range: the core's words, the numbers typed kept.
    await user.type(attempts, "1000");
    await user.click(save);
    expect(await within(section).findByRole("alert")).toHaveTextContent("The limit of payment attempts a minute must be 1 to 600, or off.");
    expect(sent()).toEqual([{ purchases_per_hour: 2, stars_per_day: null, new_customer_stars_per_day: 300, attempts_per_minute: 1000 }]);
    expect(attempts).toHaveValue("1000");

    // Not a number: said under the field, nothing sent.
    await user.clear(attempts);
    await user.type(attempts, "ten");
    expect(within(section).getByRole("alert")).toHaveTextContent("Type a whole number, or leave it empty for no limit.");
    expect(save).toBeDisabled();

    // Emptied fields are off (null); the others as typed.
    await user.clear(attempts);
    await user.clear(purchases);
    await user.type(stars, "5000");
    await user.type(attempts, "20");
    await user.click(save);
    expect(await screen.findByText("Limits saved")).toBeInTheDocument();
    expect(sent().at(-1)).toEqual({ purchases_per_hour: null, stars_per_day: 5000, new_customer_stars_per_day: 300, attempts_per_minute: 20 });
    expect(sent()).toHaveLength(2);
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    await waitFor(() =>
      expect(section.querySelector("[data-test='limits-now']")).toHaveTextContent(
        "Now: 5,000 Stars in 24 hours, 300 Stars on a new customer's first day, 20 payment attempts a minute.",
      ),
    );
    expect(save).toBeDisabled();
    expect(purchases).toHaveValue("");

    // Every field emptied: every limit off.
    await user.clear(stars);
    await user.clear(newcomer);
    await user.clear(attempts);
    await user.click(save);
    await waitFor(() => expect(sent()).toHaveLength(3));
    expect(sent().at(-1)).toEqual({ purchases_per_hour: null, stars_per_day: null, new_customer_stars_per_day: null, attempts_per_minute: null });
    await waitFor(() => expect(section.querySelector("[data-test='limits-now']")).toHaveTextContent("Now: no limits."));
  });
});

function row(over: Partial<CustomerRow>): CustomerRow {
  return {
    id: 501,
    first_name: "Anna",
    username: "anna_k",
    language_code: "en",
    blocked: false,
    first_seen: 1_750_000_000,
    last_seen: 1_760_000_000,
    orders: 4,
    spent: 310,
    flag: null,
    ...over,
  };
}

const NOW = Math.floor(Date.now() / 1000);

describe("Customers · flagged by a limit", () => {
  function customers(rows: () => CustomerRow[], flagged: () => Flagged[]) {
    return mockCommands({
      customers_count: () => rows().length,
      customers_page: () => rows(),
      limits_flagged: () => flagged(),
      limits_lift: () => null,
      customer_set_blocked: () => null,
    });
  }

  it("badges a flagged row with its reason, and Lift trusts that customer by id", async () => {
    let lifted = false;
    const boris = row({ id: 777, first_name: "Boris", username: null, flag: "reached 2 purchases in an hour" });
    const calls = customers(
      () => [row({}), lifted ? { ...boris, flag: null } : boris],
      () => (lifted ? [] : [{ customer_id: 777, name: "Boris", reason: "reached 2 purchases in an hour", at: NOW - 120 }]),
    );
    const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;
    const user = userEvent.setup();
    renderPage(<CustomersPage />);
    const grid = await screen.findByRole("grid", { name: "Customers" });
    await within(grid).findByText("Boris");
    const rows = within(grid).getAllByRole("row");
    const annaRow = rows.find((r) => r.textContent?.includes("Anna"))!;
    const borisRow = rows.find((r) => r.textContent?.includes("Boris"))!;
    expect(within(borisRow).getByText("⚑ flagged: reached 2 purchases in an hour")).toBeInTheDocument();
    expect(annaRow.querySelector("[data-test='flag-badge']")).toBeNull();
    expect(within(annaRow).queryByRole("button", { name: /Lift flag/ })).toBeNull();
    // Block stays beside Lift on the flagged row.
    expect(within(borisRow).getByRole("button", { name: "Block Boris" })).toBeInTheDocument();

    // The banner at the top counts and lists them.
    const banner = await screen.findByRole("region", { name: "1 customer flagged" });
    expect(banner).toHaveTextContent("reached 2 purchases in an hour");

    const pages = count("customers_page");
    const flaggedReads = count("limits_flagged");
    await user.click(within(borisRow).getByRole("button", { name: "Lift flag (trust Boris)" }));
    const dialog = screen.getByRole("dialog", { name: "Lift Boris's flag?" });
    expect(dialog).toHaveTextContent("Flagged: reached 2 purchases in an hour.");
    expect(dialog).toHaveTextContent(/limits against abuse no longer apply/);
    expect(count("limits_lift")).toBe(0);
    lifted = true;
    await user.click(within(dialog).getByRole("button", { name: "Lift flag and trust" }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "limits_lift").map((c) => c.args)).toEqual([{ customer_id: 777 }]));
    expect(await screen.findByText("Boris is trusted")).toBeInTheDocument();
    // The list and the banner are read again: the badge and the banner go.
    await waitFor(() => expect(count("customers_page")).toBeGreaterThan(pages));
    expect(count("limits_flagged")).toBeGreaterThan(flaggedReads);
    await waitFor(() => expect(screen.queryByRole("region", { name: /flagged/ })).not.toBeInTheDocument());
    await waitFor(() => expect(document.querySelector("[data-test='flag-badge']")).toBeNull());
    expect(calls.some((c) => c.cmd === "customer_set_blocked")).toBe(false);
  });

  it("lifts or blocks from the banner, each by the customer's id", async () => {
    const flagged: Flagged[] = [
      { customer_id: 901, name: "Cleo", reason: "over 500 ⭐ in 24 hours", at: NOW - 60 },
      { customer_id: 902, name: "Dev", reason: "more than 5 payment attempts in a minute", at: NOW - 3600 },
    ];
    const calls = customers(() => [], () => flagged);
    const user = userEvent.setup();
    renderPage(<CustomersPage />);
    const banner = await screen.findByRole("region", { name: "2 customers flagged" });
    const list = within(banner).getByRole("list", { name: "Flagged customers" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("over 500 ⭐ in 24 hours"),
      expect.stringContaining("more than 5 payment attempts in a minute"),
    ]);

    await user.click(within(banner).getByRole("button", { name: "Lift flag (trust Dev)" }));
    await user.click(within(screen.getByRole("dialog", { name: "Lift Dev's flag?" })).getByRole("button", { name: "Lift flag and trust" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "limits_lift")?.args).toEqual({ customer_id: 902 }));

    await user.click(within(banner).getByRole("button", { name: "Block Cleo" }));
    await user.click(within(screen.getByRole("dialog", { name: "Block Cleo?" })).getByRole("button", { name: "Block" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "customer_set_blocked")?.args).toEqual({ id: 901, blocked: true }));
    expect(calls.filter((c) => c.cmd === "limits_lift")).toHaveLength(1);

    // A name shows that customer in the list.
    await user.click(within(banner).getByRole("button", { name: "Cleo" }));
    expect(screen.getByRole("searchbox", { name: "Search customers" })).toHaveValue("901");
  });

  it("reads the list and the flagged again when a customer is flagged", async () => {
    let flagged: Flagged[] = [];
    let rows = [row({})];
    customers(
      () => rows,
      () => flagged,
    );
    renderPage(<CustomersPage />);
    await screen.findByText("Anna");
    expect(screen.queryByRole("region", { name: /flagged/ })).not.toBeInTheDocument();
    flagged = [{ customer_id: 501, name: "Anna", reason: "new customer over 300 ⭐ on the first day", at: NOW }];
    rows = [row({ flag: "new customer over 300 ⭐ on the first day" })];
    await act(() => emit("app-event", { type: "customer_flagged", customer_id: 501, reason: "new customer over 300 ⭐ on the first day" }));
    expect(await screen.findByRole("region", { name: "1 customer flagged" })).toBeInTheDocument();
    expect(await screen.findByText("⚑ flagged: new customer over 300 ⭐ on the first day")).toBeInTheDocument();
    expect(screen.getByText("A customer hit a limit against abuse")).toBeInTheDocument();
  });
});
