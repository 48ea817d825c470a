import { act, cleanup, configure, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CashFlow } from "../bindings/CashFlow";
import type { RefundRequest } from "../bindings/RefundRequest";
import { applyLanguage } from "../i18n";
import { ReportsPage } from "../pages/Reports";
import { SupportPage } from "../pages/Support";
import { rangeProblem } from "../pages/reports/range";
import { mockCommands, renderPage } from "./render";

configure({ testIdAttribute: "data-test" });

// The chart's series names and tooltips, as attributes to read.
vi.mock("react-chartjs-2", () => ({
  Chart: (props: {
    "aria-label"?: string;
    data: { datasets: { label: string }[] };
    options: { plugins: { tooltip: { callbacks: { label: (c: { datasetIndex: number; raw: number }) => string } } } };
  }) => (
    <canvas
      role="img"
      aria-label={props["aria-label"]}
      data-tooltip={props.options.plugins.tooltip.callbacks.label({ datasetIndex: 0, raw: 5 })}
    />
  ),
}));

const overview = () => ({ today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0, today: "2026-03-15", zone: "UTC" });

const cash = (): CashFlow => ({
  zone: "UTC",
  hold_days: 21,
  earned_millistars: 1_500_000,
  on_hold_millistars: 1_000_000,
  available_millistars: 500_000,
  usd_micros_per_star: 13_000,
  releases: [{ day: "2026-03-15", millistars: 1_000_000, payments: 2 }],
});

const request: RefundRequest = {
  id: 3,
  order_id: 103,
  customer_id: 42,
  customer_name: "Maya",
  username: null,
  product_title: "Game key",
  stars: 22,
  order_status: "delivered",
  paid_at: 1_760_000_000,
  delivered_at: 1_760_000_060,
  code: null,
  reason: "It does not work",
  state: "open",
  created_at: 1_760_000_000,
  decided_at: null,
  decided_by: null,
  decider: null,
  answer: null,
  last_error: null,
  refunds_90d: 0,
  total_spent: 22,
};

afterEach(() => {
  // Unmounted first: a chart still drawn would redraw as it is taken away.
  cleanup();
  applyLanguage("en");
});

describe("Reports and Support in German and Russian", () => {
  it("switch language while open, charts and Russian plurals included", async () => {
    mockCommands({ reports_overview: overview, report_cash: cash });
    renderPage(<ReportsPage />, { current: { page: "reports", tab: "cash" } });
    const chart = await screen.findByRole("img", { name: /over the next 21 days/ });
    expect(chart).toHaveAttribute("data-tooltip", " Becoming available: 5 Stars");

    act(() => {
      applyLanguage("de");
    });
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Berichte");
    expect(screen.getByRole("tab", { name: "Cashflow" })).toBeInTheDocument();
    expect(within(screen.getByTestId("cash-report")).getByRole("note")).toHaveTextContent("etwa 21 Tage");
    expect(screen.getByRole("img")).toHaveAttribute("data-tooltip", " Wird verfügbar: 5 Stars");

    act(() => {
      applyLanguage("ru");
    });
    // 21 takes the singular in Russian, 5 the genitive plural.
    expect(within(screen.getByTestId("cash-report")).getByRole("note")).toHaveTextContent("примерно 21 день");
    expect(screen.getByTestId("figure-on-hold")).toHaveTextContent("освободятся в ближайший 21 день");
    expect(screen.getByRole("img")).toHaveAttribute("data-tooltip", " Станут доступны: 5 звёзд");
    expect(rangeProblem({ from: "", to: "" })).toBe("Выберите обе даты периода.");
  });

  it("speaks to the merchant in German and Russian on Support", async () => {
    mockCommands({
      support_counts: () => ({ open_conversations: 0, unread: 0, open_requests: 1 }),
      support_templates: () => ({ canned: [], decline: [] }),
      requests_list: () => [request],
    });
    act(() => {
      applyLanguage("de");
    });
    renderPage(<SupportPage />, { current: { page: "support" } });
    expect(await screen.findByRole("button", { name: /Genehmigen und 22 Stars erstatten/ })).toBeInTheDocument();
    expect(screen.getByRole("listbox", { name: "Erstattungsanfragen" })).toBeInTheDocument();

    act(() => {
      applyLanguage("ru");
    });
    expect(screen.getByRole("button", { name: /Одобрить и вернуть 22 звезды/ })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Заявка 3" })).toHaveTextContent("Заявка #3");
  });
});
