import { emit } from "@tauri-apps/api/event";
import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BotStatus } from "../bindings/BotStatus";
import type { DeskStatus } from "../bindings/DeskStatus";
import { OverviewPage } from "../pages/Overview";
import { newerStatus } from "../queries";
import { demoStatus, mockCommands, renderPage } from "./render";

const bot = (state: BotStatus["state"], seq: number): BotStatus => ({
  state,
  bot_username: "stardesk_demo_bot",
  last_update_at: null,
  last_error: null,
  seq,
});

describe("the bot's status", () => {
  it("keeps the newer state when Start answers after the bot already said it runs", async () => {
    let answerStart: (s: DeskStatus) => void = () => {};
    mockCommands({
      bot_status: () => ({ ...demoStatus, bot: bot("stopped", 5) }),
      attention_list: () => [],
      reports_overview: () => ({ today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0 }),
      reports_revenue: () => [],
      reports_latest_orders: () => [],
      subscriptions_plans: () => [],
      subscriptions_figures: () => null,
      bot_start: () => new Promise<DeskStatus>((resolve) => (answerStart = resolve)),
    });
    renderPage(<OverviewPage />);
    await userEvent.click(await screen.findByRole("button", { name: /Start/ }));
    // The bot comes up while the command is still answering: its events are newer.
    await act(() => emit("app-event", { type: "bot_status_changed", status: bot("starting", 6) }));
    await act(() => emit("app-event", { type: "bot_status_changed", status: bot("running", 7) }));
    expect(await screen.findByText(/Listening to Telegram/)).toBeInTheDocument();
    // The command's answer was read between the two: it must not put "starting" back.
    await act(async () => answerStart({ ...demoStatus, bot: bot("starting", 6) }));
    expect(screen.getByText(/Listening to Telegram/)).toBeInTheDocument();
    expect(screen.queryByText("Connecting to Telegram…")).not.toBeInTheDocument();
  });

  it("takes the fresh mode and folder but the newer bot state", () => {
    const old: DeskStatus = { ...demoStatus, bot: bot("running", 9) };
    const fresh: DeskStatus = { ...demoStatus, mode: "live", bot: bot("starting", 8) };
    expect(newerStatus(old, fresh)).toEqual({ ...fresh, bot: old.bot });
    const newer: DeskStatus = { ...fresh, bot: bot("stopped", 10) };
    expect(newerStatus(old, newer)).toEqual(newer);
    expect(newerStatus(undefined, fresh)).toEqual(fresh);
  });
});
