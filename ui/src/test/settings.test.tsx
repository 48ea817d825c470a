import { emit } from "@tauri-apps/api/event";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DeskStatus } from "../bindings/DeskStatus";
import { SettingsPage } from "../pages/Settings";
import { demoStatus, mockCommands, renderPage } from "./render";

const texts = [
  { key: "welcome", lang: "en", body: "Welcome!", custom: false, from_english: false },
  { key: "terms", lang: "en", body: "Terms.", custom: false, from_english: false },
  { key: "paysupport", lang: "en", body: "Support.", custom: false, from_english: false },
  { key: "help", lang: "en", body: "Help.", custom: false, from_english: false },
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
        demo_products: 0,
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
    expect(screen.getByText("The system keychain is not available")).toBeInTheDocument();
    const connect = screen.getByRole("button", { name: /connect and start/i });
    expect(connect).toBeDisabled();
    await user.click(screen.getByLabelText(/keep the token in a file/i));
    await user.click(connect);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "bot_connect")?.args).toEqual({ token: "777:secret-token", allow_file: true, code: null }),
    );
    // Once saved, the token is gone from the window.
    await waitFor(() => expect(screen.getByLabelText("Bot token")).toHaveValue(""));
    // The real shop has a catalog already: nothing to copy, nothing offered.
    expect(screen.queryByText("Your shop is empty")).not.toBeInTheDocument();
  });

  it("asks for the authenticator code when step-up is on, and connects with it", async () => {
    const calls = mockCommands({
      bot_status: () => demoStatus,
      bot_keychain: () => ({ available: true, reason: null }),
      bot_connect: (a) =>
        a.code === null
          ? Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." })
          : {
              bot: { id: 777, first_name: "Corner Shop", username: "corner_shop_bot" },
              status: { ...demoStatus, mode: "live", token_place: "keychain", simulator_url: null },
              demo_products: 0,
            },
      settings_texts: () => texts,
      settings_notifications: () => true,
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    await user.type(await screen.findByLabelText("Bot token"), "777:secret-token");
    await user.click(screen.getByRole("button", { name: /connect and start/i }));
    const ask = await screen.findByRole("dialog", { name: "Enter your authenticator code" });
    expect(ask).toHaveTextContent("Changing the bot token takes a code.");
    await user.type(within(ask).getByLabelText("Code from your authenticator app"), "135790{Enter}");
    expect(await screen.findByText("Connected to @corner_shop_bot")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "bot_connect").map((c) => c.args)).toEqual([
      { token: "777:secret-token", allow_file: false, code: null },
      { token: "777:secret-token", allow_file: false, code: "135790" },
    ]);
  });

  it("offers the demo catalog to the empty real shop after connecting, and copies it once", async () => {
    const liveStatus: DeskStatus = {
      ...demoStatus,
      mode: "live",
      token_place: "keychain",
      simulator_url: null,
      data_dir: "/home/merchant/.local/share/stardesk",
    };
    let status: DeskStatus = { ...demoStatus, data_dir: "/home/merchant/.local/share/stardesk/demo" };
    let finishCopy!: (copied: number) => void;
    let holdStatus = false;
    let answerStatus!: () => void;
    const calls = mockCommands({
      bot_status: () => (holdStatus ? new Promise<DeskStatus>((resolve) => (answerStatus = () => resolve(status))) : status),
      bot_keychain: () => ({ available: true, reason: null }),
      bot_connect: () => {
        status = liveStatus;
        return { bot: { id: 777, first_name: "Corner Shop", username: "corner_shop_bot" }, status, demo_products: 3 };
      },
      catalog_copy_demo: () => new Promise<number>((resolve) => (finishCopy = resolve)),
      settings_texts: () => texts,
      settings_notifications: () => true,
    });
    const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    expect(await screen.findByText("Demo shop data")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Bot token"), "777:secret-token");
    await user.click(screen.getByRole("button", { name: /connect and start/i }));

    expect(await screen.findByText("Your shop is empty")).toBeInTheDocument();
    expect(screen.getByText(/Copy the 3 demo products \(with their unsold codes and files\) into it\?/)).toBeInTheDocument();
    expect(screen.getByText(/Orders and customers from the demo are not copied/)).toBeInTheDocument();
    // The switch of shops resets the cached queries. While the new status is on its way the page
    // stays, and the offer with it.
    holdStatus = true;
    const textsBefore = count("settings_texts");
    await act(() => emit("app-event", { type: "shop_opened", mode: "live" }));
    await waitFor(() => expect(count("settings_texts")).toBe(textsBefore + 1));
    expect(await screen.findByLabelText(/^Welcome/)).toBeInTheDocument();
    expect(screen.getByText("Your shop is empty")).toBeInTheDocument();
    await act(async () => answerStatus());
    expect(screen.getByText("Shop data")).toBeInTheDocument();

    // Two clicks before the button can show it is busy: one copy.
    const copy = screen.getByRole("button", { name: /copy demo catalog/i });
    fireEvent.click(copy);
    fireEvent.click(copy);
    await waitFor(() => expect(copy).toBeDisabled());
    await waitFor(() => expect(count("catalog_copy_demo")).toBe(1));
    await act(async () => finishCopy(3));
    expect(await screen.findByText("3 products copied")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Your shop is empty")).not.toBeInTheDocument());
    expect(count("catalog_copy_demo")).toBe(1);
  });

  it("says why the demo catalog was not copied, and drops the offer when the shop has products now", async () => {
    let status: DeskStatus = demoStatus;
    mockCommands({
      bot_status: () => status,
      bot_keychain: () => ({ available: true, reason: null }),
      bot_connect: () => {
        status = { ...demoStatus, mode: "live", token_place: "keychain", simulator_url: null };
        return { bot: { id: 777, first_name: "Corner Shop", username: "corner_shop_bot" }, status, demo_products: 1 };
      },
      catalog_copy_demo: () => Promise.reject({ code: "conflict", message: "Your shop has products already." }),
      settings_texts: () => texts,
      settings_notifications: () => true,
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    await user.type(await screen.findByLabelText("Bot token"), "777:secret-token");
    await user.click(screen.getByRole("button", { name: /connect and start/i }));
    expect(await screen.findByText(/Copy the demo product \(with/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /copy demo catalog/i }));
    expect(await screen.findByText("Your shop has products already.")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Your shop is empty")).not.toBeInTheDocument());
  });

  it("lets the merchant decline the demo catalog", async () => {
    let status: DeskStatus = demoStatus;
    const calls = mockCommands({
      bot_status: () => status,
      bot_keychain: () => ({ available: true, reason: null }),
      bot_connect: () => {
        status = { ...demoStatus, mode: "live", token_place: "keychain", simulator_url: null };
        return { bot: { id: 777, first_name: "Corner Shop", username: "corner_shop_bot" }, status, demo_products: 2 };
      },
      settings_texts: () => texts,
      settings_notifications: () => true,
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    await user.type(await screen.findByLabelText("Bot token"), "777:secret-token");
    await user.click(screen.getByRole("button", { name: /connect and start/i }));
    await user.click(await screen.findByRole("button", { name: "No thanks" }));
    expect(screen.queryByText("Your shop is empty")).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "catalog_copy_demo")).toBe(false);
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
      expect(calls.find((c) => c.cmd === "settings_set_text")?.args).toEqual({ key: "welcome", lang: "en", body: "Hello, shoppers!" }),
    );
    await user.click(screen.getByRole("switch", { name: /desktop notification/i }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "settings_set_notifications")?.args).toEqual({ on: false }));
  });
});
