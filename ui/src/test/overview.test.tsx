import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OverviewPage } from "../pages/Overview";
import { demoStatus, mockCommands, orderRow, renderPage } from "./render";

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
});
