import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BotText } from "../bindings/BotText";
import { SettingsPage } from "../pages/Settings";
import { parseTelegramHtml } from "../pages/settings/telegramHtml";
import { demoStatus, mockCommands, renderPage } from "./render";

const english = [
  { key: "welcome", body: "Welcome!", custom: false },
  { key: "terms", body: "Terms.", custom: true },
  { key: "paysupport", body: "Support.", custom: false },
  { key: "help", body: "Help.", custom: false },
];

/** Every text in every language: German and Russian say the merchant's English text, else their built-in one. */
const texts: BotText[] = english.flatMap((t) => [
  { ...t, lang: "en" as const, from_english: false },
  ...(["de", "ru"] as const).map((lang) => ({
    key: t.key,
    lang,
    body: t.custom ? t.body : `${t.body} (${lang})`,
    custom: false,
    from_english: t.custom,
  })),
]);

const uses = [
  { key: "welcome", command: "/start", after: "<b>Catalog</b>: tap a product to see it.", buttons: ["Pro tips guide · 25 ⭐", "VIP club · 100 ⭐ / 30 days"] },
  { key: "terms", command: "/terms", after: null, buttons: [] },
  { key: "paysupport", command: "/paysupport", after: "Refunds: open /purchases", buttons: [] },
  { key: "help", command: "/help", after: null, buttons: [] },
];

/** The problem said under the text's field. */
const problem = () => document.querySelector('[data-test="text-problem"]');

function settings(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  return mockCommands({
    bot_status: () => demoStatus,
    bot_keychain: () => ({ available: true, reason: null }),
    settings_texts: () => texts,
    settings_text_uses: () => uses,
    settings_set_text: () => null,
    settings_reset_text: () => null,
    settings_notifications: () => true,
    ...extra,
  });
}

describe("Telegram HTML of the bot texts", () => {
  it("reads the allowed tags as Telegram does", () => {
    const p = parseTelegramHtml('<b>Hi <i>there</i></b> &amp; <a href="https://x.io/a?b=1&amp;c=2">site</a> &#8364;');
    expect(p).toEqual({
      ok: true,
      text: "Hi there & site €",
      entities: [
        { kind: "bold", offset: 0, length: 8, url: null },
        { kind: "italic", offset: 3, length: 5, url: null },
        { kind: "text_link", offset: 11, length: 4, url: "https://x.io/a?b=1&c=2" },
      ],
    });
    expect(parseTelegramHtml("<strong>a</strong><em>b</em><ins>c</ins><del>d</del><code>e</code>").ok).toBe(true);
  });

  it("names the first problem and its line, as the shop does before saving", () => {
    const error = (s: string) => {
      const p = parseTelegramHtml(s);
      return p.ok ? null : p.error;
    };
    expect(error("Hello\n<b>world")).toBe("Line 2: <b> is not closed: add </b> where the bold text ends.");
    expect(error("I <3 you")).toBe("Line 1: a < that starts no tag must be written &lt;.");
    expect(error("a\nb\nTom & Jerry")).toMatch(/^Line 3: a & shown as it is must be written &amp;/);
    expect(error("<div>x</div>")).toMatch(/^Line 1: <div> is not a tag the bot can use/);
    expect(error("<b><i>x</b></i>")).toMatch(/^Line 1: <\/b> comes before <\/i>/);
    expect(error('<a href="javascript:alert(1)">x</a>')).toMatch(/cannot be used/);
    expect(error("&nbsp;")).toMatch(/&nbsp; is not understood by Telegram/);
    expect(error("<code><b>x</b></code>")).toMatch(/nothing can be formatted inside <code>/);
  });
});

describe("Bot texts in Settings", () => {
  it("previews the formatting as elements, with the buttons the bot sends along", async () => {
    settings();
    renderPage(<SettingsPage />);
    const box = await screen.findByLabelText(/^Welcome/);
    fireEvent.change(box, { target: { value: '<b>Big sale</b> <img src=x onerror="alert(1)">' } });
    const preview = screen.getByLabelText("Preview");
    // Not valid: said under the field; the preview shows the text as typed, never as markup.
    expect(problem()).toHaveTextContent("Line 1: <img> is not a tag the bot can use");
    expect(preview.querySelector("img")).toBeNull();
    expect(preview).toHaveTextContent('<b>Big sale</b> <img src=x onerror="alert(1)">');
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();

    fireEvent.change(box, { target: { value: "<b>Big sale</b> on <i>everything</i> &amp; more" } });
    expect(problem()).toBeNull();
    expect(preview).toHaveTextContent("Big sale on everything & more");
    expect(preview.querySelector("b")).toHaveTextContent("Big sale");
    expect(preview.querySelector("i")).toHaveTextContent("everything");
    // What follows the text in the same message, and the catalog's buttons under it.
    await waitFor(() => expect(within(preview).getByText("Catalog")).toBeInTheDocument());
    expect(within(preview).getByText("Catalog").tagName).toBe("B");
    expect(within(preview).getByRole("button", { name: "Pro tips guide · 25 ⭐" })).toBeInTheDocument();
    expect(within(preview).getByRole("button", { name: "VIP club · 100 ⭐ / 30 days" })).toBeInTheDocument();
  });

  it("shows the shop's refusal under the field", async () => {
    settings({
      settings_set_text: () => {
        throw { code: "invalid", message: "Line 1: the link cannot be used." };
      },
    });
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    const box = await screen.findByLabelText(/^Welcome/);
    fireEvent.change(box, { target: { value: "<b>Hello</b>" } });
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(problem()).toHaveTextContent("Line 1: the link cannot be used."));
    expect(problem()).toHaveAttribute("role", "alert");
  });

  it("asks before discarding unsaved changes and before going back to the built-in text", async () => {
    const calls = settings();
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    const box = await screen.findByLabelText(/^Welcome/);
    fireEvent.change(box, { target: { value: "Changed" } });
    await user.click(screen.getByRole("tab", { name: "Terms" }));
    let ask = await screen.findByRole("dialog", { name: "Discard changes?" });
    await user.click(within(ask).getByRole("button", { name: "Keep editing" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByLabelText(/^Welcome/)).toHaveValue("Changed");
    expect(screen.getByRole("tab", { name: /Welcome/ })).toHaveAttribute("aria-selected", "true");

    await user.click(screen.getByRole("tab", { name: "Terms" }));
    ask = await screen.findByRole("dialog", { name: "Discard changes?" });
    await user.click(within(ask).getByRole("button", { name: "Discard changes" }));
    expect(await screen.findByLabelText(/^Terms/)).toHaveValue("Terms.");
    expect(screen.getByLabelText("Preview")).toHaveTextContent("/terms");

    // Without changes, tabs switch at once.
    await user.click(screen.getByRole("tab", { name: "Help" }));
    expect(await screen.findByLabelText(/^Help/)).toHaveValue("Help.");
    expect(screen.queryByRole("dialog")).toBeNull();

    await user.click(screen.getByRole("tab", { name: "Terms" }));
    await user.click(screen.getByRole("button", { name: "Use the built-in text" }));
    ask = await screen.findByRole("dialog", { name: "Use the built-in text?" });
    expect(calls.some((c) => c.cmd === "settings_reset_text")).toBe(false);
    await user.click(within(ask).getByRole("button", { name: "Use the built-in text" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "settings_reset_text")?.args).toEqual({ key: "terms", lang: "en" }));
  });

  it("shows and hides the token", async () => {
    settings();
    const user = userEvent.setup();
    renderPage(<SettingsPage />);
    const field = await screen.findByLabelText("Bot token");
    await user.type(field, "777:secret-token");
    expect(field).toHaveAttribute("type", "password");
    await user.click(screen.getByRole("button", { name: "Show the token" }));
    expect(field).toHaveAttribute("type", "text");
    expect(field).toHaveValue("777:secret-token");
    await user.click(screen.getByRole("button", { name: "Hide the token" }));
    expect(field).toHaveAttribute("type", "password");
  });
});
