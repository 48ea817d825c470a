import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FunnelReport } from "../bindings/FunnelReport";
import type { Grouping } from "../bindings/Grouping";
import type { RevenueReport } from "../bindings/RevenueReport";
import type { RevenueTotals } from "../bindings/RevenueTotals";
import type { SubscriptionReport } from "../bindings/SubscriptionReport";
import { SYSTEM_ZONE, dateTime, localDayStart, setShopZone, shopDay } from "../lib/format";
import { ReportsPage } from "../pages/Reports";
import { ReportsSection } from "../pages/settings/Reports";
import { presetRange, rangeProblem } from "../pages/reports/range";
import { mockCommands, renderPage } from "./render";

// The window's elements are named by `data-test`.
configure({ testIdAttribute: "data-test" });

// jsdom has no canvas to draw on: the chart stands as the image it is to a screen reader.
vi.mock("react-chartjs-2", () => ({
  Chart: (props: { "aria-label"?: string }) => <canvas role="img" aria-label={props["aria-label"]} />,
}));

const TODAY = "2026-03-15";

const overview = () => ({
  today_orders: 0,
  today_stars: 0,
  today_refunds: 0,
  customers: 0,
  products_on_sale: 0,
  attention: 0,
  today: TODAY,
  zone: "Asia/Kolkata",
});

function totals(over: Partial<RevenueTotals> = {}): RevenueTotals {
  return {
    orders: 0,
    gross: 0,
    refunds: 0,
    refunded: 0,
    net: 0,
    telegram_commission_millistars: 0,
    referral_millistars: 0,
    net_after_millistars: 0,
    average_order_millistars: 0,
    refund_rate_permille: 0,
    ...over,
  };
}

function revenue(from: string, to: string, group: Grouping, over: Partial<RevenueReport> = {}): RevenueReport {
  return {
    zone: "Asia/Kolkata",
    from,
    to,
    group,
    totals: totals({ orders: 12, gross: 1200, refunds: 1, refunded: 100, net: 1100, net_after_millistars: 1_050_500, average_order_millistars: 100_000, refund_rate_permille: 83 }),
    previous_from: "2026-02-13",
    previous_to: "2026-03-14",
    previous: totals({ orders: 10, gross: 1000, refunds: 0, refunded: 0, net: 1000, net_after_millistars: 1_000_000, average_order_millistars: 100_000 }),
    net_change_permille: 100,
    buckets: [{ start: from, end: to, totals: totals({ orders: 12, gross: 1200, net: 1100, refunded: 100 }) }],
    items: [{ kind: "product", id: 1, title: "Pro tips guide", totals: totals({ orders: 12, gross: 1200, net: 1100 }) }],
    top_customers: [{ customer_id: 5001, name: "Ann Lee", username: "ann", orders: 3, net: 300 }],
    ...over,
  };
}

afterEach(() => {
  setShopZone(SYSTEM_ZONE);
});

describe("Reports' range", () => {
  it("counts the presets back from the shop's today", () => {
    expect(presetRange("7", TODAY)).toEqual({ from: "2026-03-09", to: TODAY });
    expect(presetRange("30", TODAY)).toEqual({ from: "2026-02-14", to: TODAY });
    expect(presetRange("90", TODAY)).toEqual({ from: "2025-12-16", to: TODAY });
    expect(presetRange("month", TODAY)).toEqual({ from: "2026-03-01", to: TODAY });
    expect(presetRange("last-month", TODAY)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(presetRange("last-month", "2024-03-31")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(presetRange("last-month", "2026-01-05")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(presetRange("year", TODAY)).toEqual({ from: "2026-01-01", to: TODAY });
    expect(rangeProblem({ from: "2026-03-10", to: "2026-03-01" })).toMatch(/before the start date/);
    expect(rangeProblem({ from: "2026-03-01", to: "2026-03-01" })).toBeNull();
    expect(rangeProblem({ from: "", to: "2026-03-01" })).toBe("Choose both days of the range.");
  });

  it("asks the core for the preset's days and refuses a custom range that ends before it starts", async () => {
    const calls = mockCommands({
      reports_overview: overview,
      report_revenue: (a) => revenue(a.from as string, a.to as string, a.group as Grouping),
    });
    const user = userEvent.setup();
    renderPage(<ReportsPage />, { current: { page: "reports" } });
    await screen.findByTestId("revenue-figures");
    const asked = () => calls.filter((c) => c.cmd === "report_revenue").map((c) => `${c.args.from}..${c.args.to}/${c.args.group}`);
    expect(asked()).toContain("2026-02-14..2026-03-15/day");

    await user.click(screen.getByRole("button", { name: "7 days" }));
    await waitFor(() => expect(asked()).toContain("2026-03-09..2026-03-15/day"));
    await user.click(screen.getByRole("button", { name: "Week" }));
    await waitFor(() => expect(asked()).toContain("2026-03-09..2026-03-15/week"));

    // Custom starts from the days shown; an end before the start is named and not asked for.
    await user.click(screen.getByRole("button", { name: "Custom" }));
    const from = screen.getByLabelText("From") as HTMLInputElement;
    expect(from.value).toBe("2026-03-09");
    const before = asked().length;
    fireEvent.change(from, { target: { value: "2026-03-20" } });
    expect(await screen.findByTestId("range-problem")).toHaveTextContent(/before the start date/);
    expect(screen.queryByTestId("revenue-figures")).toBeNull();
    expect(asked().slice(before).some((a) => a.startsWith("2026-03-20"))).toBe(false);

    await user.click(screen.getByRole("button", { name: "Swap the dates" }));
    await waitFor(() => expect(asked()).toContain("2026-03-15..2026-03-20/week"));
    expect(screen.queryByTestId("range-problem")).toBeNull();
  });
});

describe("Revenue report", () => {
  it("shows each figure beside the period before's, with the change in per cent", async () => {
    mockCommands({
      reports_overview: overview,
      report_settings: () => ({ time_zone: "Asia/Kolkata", follows_system: false, system_zone: "Europe/Berlin", usd_micros_per_star: 13_000 }),
      report_revenue: (a) => revenue(a.from as string, a.to as string, a.group as Grouping),
    });
    renderPage(<ReportsPage />, { current: { page: "reports" } });
    const gross = await screen.findByTestId("figure-gross");
    // The shop's days are not the system's: the page names their zone.
    expect(await screen.findByText(/Days in Asia\/Kolkata/)).toBeInTheDocument();
    expect(gross).toHaveTextContent("1,200");
    expect(within(gross).getByTestId("change")).toHaveTextContent("+20%");
    expect(within(gross).getByTestId("change")).toHaveClass("good");
    expect(gross).toHaveTextContent("before: 1,000");
    expect(within(screen.getByTestId("figure-net")).getByTestId("change")).toHaveTextContent("+10%");
    // Refunds rising is bad news, and from none there is no per cent.
    const refunds = screen.getByTestId("figure-refunds");
    expect(refunds).toHaveTextContent("—");
    expect(within(screen.getByTestId("figure-net-after")).getByTestId("change")).toHaveTextContent("+5.1%");
    expect(within(screen.getByTestId("figure-average")).getByTestId("change")).toHaveTextContent("0%");
    expect(screen.getByTestId("figure-refund-rate")).toHaveTextContent("8.3%");
    // The per item table and the top customers, the chart's table behind it.
    expect(within(screen.getByTestId("revenue-items")).getByText("Pro tips guide", { selector: "th" })).toBeInTheDocument();
    expect(within(screen.getByTestId("top-customers")).getByText("Ann Lee")).toBeInTheDocument();
    const chart = screen.getByTestId("revenue-chart");
    const toggle = within(chart).getByRole("button", { name: /Show as table/ });
    expect(within(chart).getByRole("table", { hidden: true }).closest(".sr-only")).not.toBeNull();
    await userEvent.click(toggle);
    expect(within(chart).getByRole("table").closest(".sr-only")).toBeNull();
    expect(within(chart).getByRole("table")).toHaveTextContent("1,100");
  });

  it("says so when the range has no sales", async () => {
    mockCommands({
      reports_overview: overview,
      report_revenue: (a) =>
        revenue(a.from as string, a.to as string, "day", { totals: totals(), previous: totals(), buckets: [], items: [], top_customers: [] }),
    });
    renderPage(<ReportsPage />, { current: { page: "reports" } });
    expect(await screen.findByText("No sales in this period yet")).toBeInTheDocument();
  });
});

describe("Subscriptions report", () => {
  it("shows the cohorts as the share still paying, with the count in the cell's title", async () => {
    const report: SubscriptionReport = {
      zone: "Asia/Kolkata",
      from: "2026-02-14",
      to: TODAY,
      group: "day",
      mrr: 450,
      active: 6,
      new: 2,
      cancelled: 1,
      lapsed: 1,
      churn_permille: 250,
      arpu_millistars: 75_000,
      points: [{ start: TODAY, end: TODAY, mrr: 450, active: 6, started: 2, stopped: 2 }],
      cohorts: [
        { month: "2025-12", subscribers: 0, retained: [0, 0, 0] },
        { month: "2026-01", subscribers: 4, retained: [3, 2] },
        { month: "2026-02", subscribers: 8, retained: [6] },
      ],
    };
    mockCommands({ reports_overview: overview, report_subscriptions: () => report });
    renderPage(<ReportsPage />, { current: { page: "reports", tab: "subscriptions" } });
    const table = await screen.findByTestId("cohort-table");
    const cell = within(table).getAllByText("75%");
    expect(cell).toHaveLength(2);
    expect(cell[0]).toHaveAttribute("title", "3 of 4 still paying after 1 month");
    expect(within(table).getByText("50%")).toHaveAttribute("title", "2 of 4 still paying after 2 months");
    // The months before the first subscriber are left out; each month after it has a row.
    expect(within(table).getAllByRole("row").map((r) => r.querySelector("th")?.textContent)).toEqual(["First paid", "Jan 2026", "Feb 2026"]);
    expect(screen.getByTestId("figure-churn")).toHaveTextContent("25%");
    expect(screen.getByTestId("figure-arpu")).toHaveTextContent("75");
  });
});

describe("Funnel report", () => {
  it("shows the invoices that expired unpaid between the invoices sent and the paid ones", async () => {
    const report: FunnelReport = {
      zone: "Asia/Kolkata",
      from: "2026-02-14",
      to: TODAY,
      totals: { views: 40, invoices: 12, expired: 3, paid: 6 },
      items: [
        { kind: "product", id: 1, title: "Pro tips guide", steps: { views: 30, invoices: 8, expired: 3, paid: 4 } },
        { kind: "plan", id: 2, title: "VIP channel", steps: { views: 10, invoices: 4, expired: 0, paid: 2 } },
      ],
    };
    mockCommands({ reports_overview: overview, report_funnel: () => report });
    renderPage(<ReportsPage />, { current: { page: "reports", tab: "funnel" } });
    const totals = await screen.findByTestId("funnel-totals");
    expect(Array.from(totals.querySelectorAll(".funnel-label")).map((l) => l.textContent)).toEqual([
      "Cards viewed",
      "Invoices sent",
      "Expired unpaid",
      "Paid",
    ]);
    // Only the products' invoices expire: 3 of the product's 8, not of all 12.
    const expired = within(totals).getByTestId("funnel-expired");
    expect(expired.querySelector(".funnel-value")).toHaveTextContent("3");
    expect(expired).toHaveTextContent("37.5% of the products' invoices");
    // Paid is still a share of the invoices sent, not of the expired ones.
    expect(within(totals).getByTestId("funnel-paid")).toHaveTextContent("50% of the invoices sent");

    const table = within(screen.getByTestId("funnel-chart")).getByRole("table", { hidden: true });
    const [head, product, plan] = within(table).getAllByRole("row", { hidden: true });
    const cells = (row: HTMLElement) => Array.from(row.querySelectorAll("th, td")).map((c) => c.textContent);
    expect(cells(head).slice(2, 6)).toEqual(["Viewed", "Invoices", "Expired", "Paid"]);
    expect(cells(product).slice(2, 6)).toEqual(["30", "8", "3", "4"]);
    // A plan's invoice is not counted as expired: no figure rather than a 0.
    expect(cells(plan).slice(2, 6)).toEqual(["10", "4", "—", "2"]);
  });
});

describe("Settings · reports", () => {
  it("saves the time zone chosen from the searchable list and says the reports count days in it", async () => {
    let zone = "Europe/Berlin";
    const calls = mockCommands({
      report_settings: () => ({ time_zone: zone, follows_system: zone === "Europe/Berlin", system_zone: "Europe/Berlin", usd_micros_per_star: 13_000 }),
      time_zones: () => ["America/New_York", "Asia/Kolkata", "Europe/Berlin"],
      set_time_zone: (a) => {
        zone = a.name as string;
        return { time_zone: zone, follows_system: false, system_zone: "Europe/Berlin", usd_micros_per_star: 13_000 };
      },
      set_usd_rate: () => {
        throw { code: "invalid", message: "\"abc\" is not an amount of US dollars (0.013)." };
      },
    });
    const user = userEvent.setup();
    renderPage(<ReportsSection />);
    const select = (await screen.findByTestId("zone-select")) as HTMLSelectElement;
    await waitFor(() => expect(within(select).getAllByRole("option")).toHaveLength(4));
    expect(within(select).getAllByRole("option")[0]).toHaveTextContent("System (Europe/Berlin)");
    await user.type(screen.getByLabelText("Search time zones"), "kolk");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["System (Europe/Berlin)", "Asia/Kolkata"]);
    await user.selectOptions(select, "Asia/Kolkata");
    await user.click(screen.getByTestId("zone-save"));
    expect(await screen.findByText("Reports now count days in Asia/Kolkata")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "set_time_zone").map((c) => c.args.name)).toEqual(["Asia/Kolkata"]);

    // A rate the core refuses is named with its message.
    const rate = screen.getByTestId("usd-rate");
    expect(rate).toHaveValue("0.013");
    await user.clear(rate);
    await user.type(rate, "abc{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("is not an amount of US dollars");
  });
});

describe("The shop's time zone in the window", () => {
  it("counts days from the shop zone's midnight, also across a clock change", () => {
    setShopZone("Asia/Kolkata");
    expect(localDayStart("2026-03-15")).toBe(Date.UTC(2026, 2, 14, 18, 30) / 1000);
    expect(shopDay(Date.UTC(2026, 2, 14, 18, 29) / 1000)).toBe("2026-03-14");
    expect(shopDay(Date.UTC(2026, 2, 14, 18, 30) / 1000)).toBe("2026-03-15");
    expect(dateTime(Date.UTC(2026, 2, 14, 18, 30) / 1000)).toMatch(/12:00|00:00/);

    setShopZone("America/New_York");
    // The day the clocks go forward starts at EST, the next at EDT.
    expect(localDayStart("2026-03-08")).toBe(Date.UTC(2026, 2, 8, 5) / 1000);
    expect(localDayStart("2026-03-09")).toBe(Date.UTC(2026, 2, 9, 4) / 1000);
    expect(localDayStart("2026-13-01")).toBeNull();
  });
});
