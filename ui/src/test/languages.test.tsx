import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { countRows } from "../components/ExportButton";
import { applyLanguage } from "../i18n";
import { OverviewPage } from "../pages/Overview";
import { actionWords } from "../pages/Audit";
import { demoStatus, mockCommands, orderRow, renderPage } from "./render";

afterEach(() => {
  // The page goes first: English again while a chart is still drawn would redraw it as it is
  // taken away.
  cleanup();
  applyLanguage("en");
});

function mockOverview() {
  mockCommands({
    bot_status: () => demoStatus,
    attention_list: () => [],
    reports_overview: () => ({ today: "2026-11-20", today_orders: 3, today_stars: 235, today_refunds: 0, customers: 12, products_on_sale: 4, attention: 0 }),
    reports_revenue: () => [{ day: "2026-11-20", orders: 3, stars: 235, refunds: 0, refunded_stars: 0 }],
    reports_latest_orders: () => [orderRow(12)],
  });
}

describe("the window's languages", () => {
  it("Overview speaks German, and changes language while open", async () => {
    mockOverview();
    applyLanguage("de");
    renderPage(<OverviewPage />);
    expect(await screen.findByText("Sie sind im Demo-Modus")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Übersicht" })).toBeInTheDocument();
    expect(screen.getByText("Bestellungen heute")).toBeInTheDocument();
    act(() => void applyLanguage("en"));
    expect(await screen.findByText("You are in demo mode")).toBeInTheDocument();
    expect(screen.getByText("Today's orders")).toBeInTheDocument();
  });

  it("Overview speaks Russian, with Russian plurals", async () => {
    mockOverview();
    applyLanguage("ru");
    renderPage(<OverviewPage />);
    expect(await screen.findByText("Вы в демо-режиме")).toBeInTheDocument();
    expect((await screen.findAllByLabelText("235 звёзд")).length).toBeGreaterThan(0);
    expect(await screen.findByText(/из 3 заказов/)).toBeInTheDocument();
  });

  it("names audit actions and counted rows in the window's language", () => {
    applyLanguage("de");
    expect(actionWords("product.price")).toBe("Preis geändert");
    expect(countRows(1, "order")).toBe("1 Bestellung");
    applyLanguage("ru");
    expect(actionWords("refund")).toBe("Возврат по заказу");
    expect(countRows(2, "code")).toBe("2 кода");
    expect(countRows(5, "code")).toBe("5 кодов");
    expect(countRows(21, "order")).toBe("21 заказ");
    // An action or a row this window does not know stays readable.
    expect(actionWords("refund_batch.start")).toBe("Refund batch start");
    expect(countRows(2, "widget")).toBe("2 widgets");
  });
});
