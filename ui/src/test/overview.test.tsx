import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { DeskStatus } from "../bindings/DeskStatus";
import { OverviewPage } from "../pages/Overview";
import { demoStatus, mockCommands, orderRow, renderPage } from "./render";
import { plan } from "./subscriptionData";

describe("Overview", () => {
  it("shows the bot, today's figures, what needs attention and the latest orders", async () => {
    mockCommands({
      bot_status: () => demoStatus,
      attention_list: () => [
        { id: 4, kind: "delivery_failed", order_id: 12, message: "Order #12 could not be delivered: Forbidden", created_at: 1_760_000_000 },
      ],
      reports_overview: () => ({ today_orders: 3, today_stars: 235, today_refunds: 0, customers: 12, products_on_sale: 4, attention: 1 }),
      reports_revenue: () => [{ day: "2026-11-20", orders: 3, stars: 235, refunds: 0, refunded_stars: 0 }],
      reports_latest_orders: () => [orderRow(12)],
    });
    renderPage(<OverviewPage />);
    expect(await screen.findByText("@stardesk_demo_bot")).toBeInTheDocument();
    expect(screen.getByText("You are in demo mode")).toBeInTheDocument();
    expect((await screen.findAllByLabelText("235 Stars")).length).toBeGreaterThan(0);
    expect(screen.getByText("Today's orders").closest(".figure")).toHaveTextContent("3");
    expect(screen.getByText(/Order #12 could not be delivered/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Deliver again" })).toBeInTheDocument();
    expect(await screen.findByText(/#12 · Pro tips guide/)).toBeInTheDocument();
  });

  it("drops the demo shop's figures and fetches the real shop's when another shop opens", async () => {
    let shop: "demo" | "live" = "demo";
    const liveStatus: DeskStatus = { ...demoStatus, mode: "live", token_place: "keychain", simulator_url: null };
    const calls = mockCommands({
      bot_status: () => (shop === "demo" ? demoStatus : liveStatus),
      attention_list: () => [],
      reports_overview: () =>
        shop === "demo"
          ? { today_orders: 3, today_stars: 235, today_refunds: 0, customers: 12, products_on_sale: 4, attention: 0 }
          : { today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0 },
      reports_revenue: () => [],
      reports_latest_orders: () => (shop === "demo" ? [orderRow(12)] : []),
    });
    const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;
    renderPage(<OverviewPage />);
    expect(await screen.findByText(/#12 · Pro tips guide/)).toBeInTheDocument();
    expect(screen.getByText("Today's orders").closest(".figure")).toHaveTextContent("3");
    expect(count("reports_overview")).toBe(1);

    shop = "live";
    await act(() => emit("app-event", { type: "shop_opened", mode: "live" }));
    expect(await screen.findByText("No orders yet")).toBeInTheDocument();
    expect(screen.queryByText(/#12 · Pro tips guide/)).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByText("Today's orders").closest(".figure")).toHaveTextContent("0"));
    expect(screen.queryByText("You are in demo mode")).not.toBeInTheDocument();
    expect(count("reports_overview")).toBe(2);
    expect(count("reports_latest_orders")).toBe(2);
    await waitFor(() => expect(count("bot_status")).toBe(2));
  });

  it("shows the subscriptions card once there is a plan, linking to Subscriptions", async () => {
    mockCommands({
      bot_status: () => demoStatus,
      attention_list: () => [],
      reports_overview: () => ({ today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0 }),
      reports_revenue: () => [],
      reports_latest_orders: () => [],
      plans_list: () => [plan()],
      subscription_figures: () => ({ active: 12, mrr: 2750, renewals_due_week: 3, lapses_week: 1 }),
    });
    const go = vi.fn();
    const user = userEvent.setup();
    renderPage(<OverviewPage />, { go });
    const card = await waitFor(() => {
      const el = document.querySelector<HTMLElement>("[data-test='sub-figures']");
      expect(el).not.toBeNull();
      return el!;
    });
    const figure = (label: string) => screen.getByText(label).closest(".sub-figure");
    await waitFor(() => expect(figure("Active subscribers")).toHaveTextContent("12"));
    expect(figure("Monthly recurring")).toHaveTextContent("2,750");
    expect(figure("Renewals this week")).toHaveTextContent("3");
    expect(figure("Lapses this week")).toHaveTextContent("1");
    await user.click(within(card).getByRole("button", { name: /Open Subscriptions/ }));
    expect(go).toHaveBeenCalledWith("subscriptions");
  });

  it("shows no subscriptions card, and asks for no figures, while there is no plan", async () => {
    const calls = mockCommands({
      bot_status: () => demoStatus,
      attention_list: () => [],
      reports_overview: () => ({ today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0 }),
      reports_revenue: () => [],
      reports_latest_orders: () => [],
      plans_list: () => [],
      subscription_figures: () => ({ active: 0, mrr: 0, renewals_due_week: 0, lapses_week: 0 }),
    });
    renderPage(<OverviewPage />);
    expect(await screen.findByText("No orders yet")).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.cmd === "plans_list")).toBe(true));
    expect(document.querySelector("[data-test='sub-figures']")).toBeNull();
    expect(calls.some((c) => c.cmd === "subscription_figures")).toBe(false);
  });
});
