// Orders and Customers in German and Russian: plural forms, numbers in the language's locale,
// and the words helpers outside React write, all following a language switch at run time.

import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18next from "i18next";
import { afterEach, describe, expect, it } from "vitest";
import type { CustomerRow } from "../bindings/CustomerRow";
import { applyLanguage } from "../i18n";
import { CustomersPage } from "../pages/Customers";
import { describeFilters, rangeProblem } from "../pages/orders/filters";
import { reminderLabel, weekLine } from "../pages/orders/Invoices";
import { mockCommands, renderPage } from "./render";

afterEach(() => {
  // Unmounted first: a page still open would redraw outside the test.
  cleanup();
  applyLanguage("en");
});

const anna: CustomerRow = {
  id: 501,
  first_name: "Anna",
  username: "anna_k",
  language_code: "de",
  blocked: false,
  first_seen: 1_750_000_000,
  last_seen: 1_760_000_000,
  orders: 4,
  spent: 310,
  flag: null,
};

describe("Orders and Customers in other languages", () => {
  it("say how many orders with each language's plural forms and grouping", () => {
    applyLanguage("ru");
    expect(i18next.t("orders:batch.title", { count: 1 })).toBe("Возврат 1 заказа");
    expect(i18next.t("orders:batch.title", { count: 3 })).toBe("Возврат 3 заказов");
    expect(i18next.t("orders:batch.bulkTitle", { count: 5 })).toBe("Вернуть 5 заказов");
    expect(i18next.t("orders:batch.bulkTitle", { count: 22 })).toBe("Вернуть 22 заказа");
    expect(i18next.t("orders:refund.confirm", { count: 21 })).toBe("Вернуть 21 звезду");
    expect(i18next.t("orders:batch.bulkTitle", { count: 1500 })).toBe("Вернуть 1\u00a0500 заказов");
    applyLanguage("de");
    expect(i18next.t("orders:batch.bulkTitle", { count: 1 })).toBe("1 Bestellung erstatten");
    expect(i18next.t("orders:batch.bulkTitle", { count: 1500 })).toBe("1.500 Bestellungen erstatten");
    applyLanguage("en");
    expect(i18next.t("orders:batch.bulkTitle", { count: 1500 })).toBe("Refund 1,500 orders");
  });

  it("word the filters, the week's invoices and a reminder in the language chosen", () => {
    applyLanguage("de");
    expect(describeFilters({ search: " ann ", status: i18next.t("orders:status.refunded"), product: "", from: "", to: "" })).toBe(
      "Suche „ann“, Status Erstattet",
    );
    expect(rangeProblem("2026-03-10", "2026-03-01")).toMatch(/^Das Enddatum \(.+\) liegt vor dem Startdatum/);
    expect(weekLine({ paid: 12, expired: 3, open: 1 })).toBe(
      "Letzte 7 Tage: 12 bezahlt · 3 abgelaufen · 1 offen · 80 % der abgeschlossenen Rechnungen bezahlt",
    );
    applyLanguage("ru");
    expect(reminderLabel({ state: "skipped", reason: "sold out" })).toBe("без напоминания: распродан");
    // A reason this window does not know is shown as the core wrote it.
    expect(reminderLabel({ state: "skipped", reason: "moon phase" })).toBe("без напоминания: moon phase");
    applyLanguage("en");
    expect(reminderLabel({ state: "skipped", reason: "sold out" })).toBe("not reminded: sold out");
  });

  it("shows the Customers page in German, and switches to Russian while open", async () => {
    applyLanguage("de");
    mockCommands({
      customers_count: () => 1,
      customers_page: () => [anna],
      limits_flagged: () => [{ customer_id: 777, name: "Boris", reason: "reached 2 purchases in an hour", at: 1_760_000_000 }],
    });
    const user = userEvent.setup();
    renderPage(<CustomersPage />);
    expect(await screen.findByRole("heading", { name: "Kunden" })).toBeInTheDocument();
    expect(await screen.findByText("Anna")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: /Bestellungen/ })).toBeInTheDocument();
    const banner = await screen.findByRole("region", { name: "1 Kunde markiert" });
    expect(within(banner).getByRole("button", { name: "Boris sperren" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Anna sperren" }));
    expect(screen.getByRole("dialog", { name: "Anna sperren?" })).toHaveTextContent(/an der Kasse/);
    await user.click(screen.getByRole("button", { name: "Abbrechen" }));

    applyLanguage("ru");
    expect(await screen.findByRole("heading", { name: "Покупатели" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "1 покупатель отмечен" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Заблокировать: Anna" })).toBeInTheDocument();
  });
});
