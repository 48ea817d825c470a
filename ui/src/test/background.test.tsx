import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { OverviewPage } from "../pages/Overview";
import { BackgroundSection } from "../pages/settings/Background";
import { demoStatus, mockCommands, renderPage } from "./render";

describe("Stop selling", () => {
  it("asks first, and stops only when the merchant confirms", async () => {
    const calls = mockCommands({
      bot_status: () => demoStatus,
      bot_stop: () => ({ ...demoStatus, bot: { ...demoStatus.bot, state: "stopped" } }),
      attention_list: () => [],
      reports_overview: () => ({ today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0 }),
      reports_revenue: () => [],
      reports_latest_orders: () => [],
    });
    const stops = () => calls.filter((c) => c.cmd === "bot_stop").length;
    const user = userEvent.setup();
    renderPage(<OverviewPage />);
    await user.click(await screen.findByRole("button", { name: /stop/i }));
    expect(await screen.findByText("Stop selling?")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Keep selling" }));
    await waitFor(() => expect(screen.queryByText("Stop selling?")).not.toBeInTheDocument());
    expect(stops()).toBe(0);

    await user.click(screen.getByRole("button", { name: /stop/i }));
    await user.click(await screen.findByRole("button", { name: "Stop selling" }));
    await waitFor(() => expect(stops()).toBe(1));
    expect(await screen.findByRole("button", { name: /start/i })).toBeInTheDocument();
  });
});

describe("Running in the background", () => {
  it("turns start at login on and says what quitting finishes", async () => {
    let atLogin = false;
    const calls = mockCommands({
      background_autostart: () => atLogin,
      background_set_autostart: (a) => {
        atLogin = a.on as boolean;
        return atLogin;
      },
      background_quit: () => 2,
    });
    const user = userEvent.setup();
    renderPage(<BackgroundSection />);
    const sw = await screen.findByRole("switch", { name: /start at login/i });
    await waitFor(() => expect(sw).toBeEnabled());
    expect(sw).toHaveAttribute("aria-checked", "false");
    await user.click(sw);
    await waitFor(() => expect(sw).toHaveAttribute("aria-checked", "true"));
    expect(calls.find((c) => c.cmd === "background_set_autostart")?.args).toEqual({ on: true });

    await user.click(screen.getByRole("button", { name: /quit/i }));
    expect(await screen.findByText("Finishing 2 deliveries…")).toBeInTheDocument();
  });
});
