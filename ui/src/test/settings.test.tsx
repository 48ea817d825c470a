import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SettingsPage } from "../pages/Settings";
import { demoStatus, mockCommands, renderPage } from "./render";

const texts = [
  { key: "welcome", body: "Welcome!", custom: false },
  { key: "terms", body: "Terms.", custom: false },
  { key: "paysupport", body: "Support.", custom: false },
  { key: "help", body: "Help.", custom: false },
];

describe("Settings", () => {
  it("checks a token with Telegram, shows the bot, and offers the file when there is no keychain", async () => {
    const calls = mockCommands({
      bot_status: () => demoStatus,
      bot_keychain: () => ({ available: false, reason: "no Secret Service" }),
      bot_check_token: () => ({ id: 777, first_name: "Corner Shop", username: "corner_shop_bot" }),
      bot_connect: () => ({
        bot: { id: 777, first_name: "Corner Shop", username: "corner_shop_bot" },
        status: { ...demoStatus, mode: "live", token_place: "file", simulator_url: null },
      }),
      settings_texts: () => texts,
      settings_notifications: () => true,
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    await user.type(await screen.findByLabelText("Bot token"), "777:secret-token");
    await user.click(screen.getByRole("button", { name: "Check" }));
    expect(await screen.findByText("Corner Shop")).toBeInTheDocument();
    expect(screen.getByText(/@corner_shop_bot/)).toBeInTheDocument();
    expect(screen.getByText("No keychain on this system")).toBeInTheDocument();
    const connect = screen.getByRole("button", { name: /connect and start/i });
    expect(connect).toBeDisabled();
    await user.click(screen.getByLabelText(/keep the token in a file/i));
    await user.click(connect);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "bot_connect")?.args).toEqual({ token: "777:secret-token", allow_file: true }),
    );
    // Once saved, the token is gone from the window.
    await waitFor(() => expect(screen.getByLabelText("Bot token")).toHaveValue(""));
  });

  it("edits a bot text with a live preview and switches sale notifications", async () => {
    const calls = mockCommands({
      bot_status: () => demoStatus,
      bot_keychain: () => ({ available: true, reason: null }),
      settings_texts: () => texts,
      settings_set_text: () => null,
      settings_notifications: () => true,
      settings_set_notifications: () => null,
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    const box = await screen.findByLabelText(/^Welcome/);
    await user.clear(box);
    await user.type(box, "Hello, shoppers!");
    expect(screen.getByLabelText("Preview")).toHaveTextContent("Hello, shoppers!");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_set_text")?.args).toEqual({ key: "welcome", body: "Hello, shoppers!" }),
    );
    await user.click(screen.getByRole("switch", { name: /desktop notification/i }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "settings_set_notifications")?.args).toEqual({ on: false }));
  });
});
