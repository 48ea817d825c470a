import { emit } from "@tauri-apps/api/event";
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { BotText } from "../bindings/BotText";
import type { Legal } from "../bindings/Legal";
import i18n, { applyLanguage } from "../i18n";
import { SettingsPage } from "../pages/Settings";
import { ReportsSection } from "../pages/settings/Reports";
import { parseTelegramHtml } from "../pages/settings/telegramHtml";
import { startLanguage } from "../pages/settings/uiLanguage";
import { demoStatus, mockCommands, renderPage, type Handler } from "./render";

afterEach(() => {
  // Unmounted first, so that nothing on screen redraws outside the test.
  cleanup();
  applyLanguage("en");
});

/** The merchant wrote an English welcome; German says it for lack of its own, Russian its built-in one. */
function texts(extra: BotText[] = []): BotText[] {
  const mine = new Map(extra.map((t) => [`${t.key}/${t.lang}`, t]));
  return ["welcome", "terms", "refunds", "paysupport", "help"].flatMap((key) =>
    (["en", "de", "ru"] as const).map((lang) => {
      const own = mine.get(`${key}/${lang}`);
      if (own) return own;
      if (key === "welcome" && lang === "en") return { key, lang, body: "Hello, shoppers!", custom: true, from_english: false };
      if (key === "welcome" && lang === "de") return { key, lang, body: "Hello, shoppers!", custom: false, from_english: true };
      return { key, lang, body: `${key} (${lang})`, custom: false, from_english: false };
    }),
  );
}

const legal: Legal = { version: 2, accepted: 5, seller_name: "Doe", seller_contact: "", seller_address: "", require_acceptance: false };

function shop(extra: Record<string, Handler> = {}) {
  let language = "system";
  let held = texts();
  const calls = mockCommands({
    bot_status: () => demoStatus,
    bot_keychain: () => ({ available: true, reason: null }),
    settings_notifications: () => true,
    settings_ui_language: () => language,
    settings_set_ui_language: (a) => {
      language = a.language as string;
      return null;
    },
    settings_texts: () => held,
    settings_text_uses: (a) => [{ key: "welcome", command: "/start", after: null, buttons: [`Guide (${a.lang})`] }],
    settings_set_text: (a) => {
      held = held.map((t) => (t.key === a.key && t.lang === a.lang ? { ...t, body: a.body as string, custom: true, from_english: false } : t));
      return null;
    },
    settings_reset_text: () => null,
    legal_get: () => legal,
    legal_preview: (a) => `Terms in ${a.lang}`,
    // The other cards, so that each shows its form.
    operator_name: () => "Merchant",
    tips_settings: () => ({ enabled: true, presets: [1, 5], thanks: "Thanks!" }),
    invoices_page: () => ({ invoices: [], open: 0, paid: 0, expired: 0, valid_minutes: 15 }),
    reminders_settings: () => ({ enabled: true, after_hours: 2 }),
    limits_get: () => ({ purchases_per_hour: 2, stars_per_day: null, new_customer_stars_per_day: null, attempts_per_minute: null }),
    report_settings: () => ({ time_zone: "UTC", system_zone: "UTC", follows_system: true, usd_micros_per_star: 13_000 }),
    report_time_zones: () => ["UTC"],
    background_autostart: () => false,
    refund_policy: () => ({ window_days: 14, auto_approve: false, auto_max_stars: 100, auto_within_hours: 24, auto_max_refunds_90d: 2 }),
    stepup_status: () => ({ enrolled: false, threshold: 500, locked_until: null, failures_left: 5 }),
    support_templates: () => ({ canned: [], decline: [] }),
    ...extra,
  });
  return { calls, setTexts: (t: BotText[]) => (held = t) };
}

const card = () => document.querySelector("[data-test='bot-texts']") as HTMLElement;
const langButton = (lang: string) => card().querySelector(`[data-test='bot-text-lang'] [data-lang='${lang}']`) as HTMLElement;

describe("Settings · the window's language", () => {
  it("offers the system's language and each language named in itself, saves the choice and speaks it at once", async () => {
    const { calls } = shop();
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const select = await screen.findByLabelText("Language");
    expect(select).toHaveAttribute("id", "ui-language");
    expect(select.closest("[data-test='ui-language']")).toHaveTextContent("The window's language. Dates, numbers and Stars follow it.");
    await waitFor(() => expect(select).toHaveValue("system"));
    expect([...select.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["System (English)", "English", "Deutsch", "Русский"]);

    await user.selectOptions(select, "de");
    await waitFor(() => expect(calls.find((c) => c.cmd === "settings_set_ui_language")?.args).toEqual({ language: "de" }));
    expect(await screen.findByRole("heading", { name: "Einstellungen" })).toBeInTheDocument();
    expect(await screen.findByText("Sprache gespeichert")).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("de");
    expect(screen.getByText("Was der Bot sagt")).toBeInTheDocument();
    expect(screen.getByLabelText("Sprache")).toHaveValue("de");
    expect([...screen.getByLabelText("Sprache").querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "System (English)",
      "English",
      "Deutsch",
      "Русский",
    ]);

    await user.selectOptions(screen.getByLabelText("Sprache"), "ru");
    expect(await screen.findByRole("heading", { name: "Настройки" })).toBeInTheDocument();
    expect(await screen.findByText("Язык сохранён")).toBeInTheDocument();
    expect(screen.getByText("Что говорит бот")).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Язык"), "system");
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "settings_set_ui_language").map((c) => c.args.language)).toEqual(["de", "ru", "system"]);
  });

  it("speaks the shop's language before the first frame, the system's when the core cannot say, and follows another shop's", async () => {
    let answer: () => string = () => "ru";
    mockCommands({ settings_ui_language: () => answer() });
    const known: string[] = [];
    await startLanguage((c) => known.push(c));
    expect(i18n.language).toBe("ru");
    expect(known).toEqual(["ru"]);

    // Another shop opens, with German chosen there.
    answer = () => "de";
    await act(() => emit("app-event", { type: "shop_opened", mode: "live" }));
    await waitFor(() => expect(i18n.language).toBe("de"));
    expect(known).toEqual(["ru", "de"]);

    // No answer from the core: the system's language (English here).
    answer = () => {
      throw { code: "internal", message: "no shell" };
    };
    await startLanguage((c) => known.push(c));
    expect(i18n.language).toBe("en");
    expect(known).toEqual(["ru", "de"]);
  });
});

describe("Settings · bot texts per language", () => {
  it("edits each language on its own, says which text a language reads now, and asks before leaving unsaved changes", async () => {
    const { calls } = shop();
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const box = await screen.findByLabelText(/^Welcome/);
    expect(langButton("en")).toHaveAttribute("aria-pressed", "true");
    expect([...card().querySelectorAll("[data-test='bot-text-lang'] button")].map((b) => b.textContent)).toEqual(["English", "Deutsch", "Русский"]);
    await waitFor(() => expect(box).toHaveValue("Hello, shoppers!"));
    expect(within(card()).getByText("Your text")).toHaveClass("badge");
    expect(within(card()).getByRole("button", { name: "Use the built-in text" })).toBeEnabled();

    // German says the merchant's English text until it has its own.
    await user.click(langButton("de"));
    expect(langButton("de")).toHaveAttribute("aria-pressed", "true");
    expect(within(card()).getByText("Your English text")).toHaveClass("badge");
    expect(card().querySelector("[data-test='from-english']")).toHaveTextContent(
      "Customers who speak German read your English text until you write one in German.",
    );
    expect(within(card()).getByRole("button", { name: "Use the English text" })).toBeDisabled();
    await waitFor(() => expect(calls.some((c) => c.cmd === "settings_text_uses" && c.args.lang === "de")).toBe(true));
    expect(await within(screen.getByLabelText("Preview")).findByRole("button", { name: "Guide (de)" })).toBeInTheDocument();

    await user.clear(screen.getByLabelText(/^Welcome/));
    await user.type(screen.getByLabelText(/^Welcome/), "Willkommen!");
    // Leaving the language asks first.
    await user.click(langButton("ru"));
    const ask = await screen.findByRole("dialog", { name: "Discard changes?" });
    expect(ask).toHaveTextContent("Your changes to the German welcome text are not saved yet.");
    await user.click(within(ask).getByRole("button", { name: "Keep editing" }));
    expect(langButton("de")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByLabelText(/^Welcome/)).toHaveValue("Willkommen!");

    await user.click(card().querySelector("[data-test='save-text']") as HTMLElement);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_set_text")?.args).toEqual({ key: "welcome", lang: "de", body: "Willkommen!" }),
    );
    expect(await screen.findByText("Welcome text saved")).toBeInTheDocument();
    expect(screen.getByText("The bot answers customers who speak German with it from now on.")).toBeInTheDocument();
    expect(await within(card()).findByText("Your text")).toHaveClass("badge");

    // Back to the English text, after asking.
    await user.click(within(card()).getByRole("button", { name: "Use the English text" }));
    const reset = await screen.findByRole("dialog", { name: "Use the English text?" });
    expect(reset).toHaveTextContent("Your German welcome text is replaced by your English one");
    await user.click(within(reset).getByRole("button", { name: "Use the English text" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "settings_reset_text")?.args).toEqual({ key: "welcome", lang: "de" }));
    expect(await screen.findByText("Back to the English text")).toBeInTheDocument();

    // Russian has its built-in text; without a custom English one, it would go back to the built-in one.
    await user.click(langButton("ru"));
    await waitFor(() => expect(screen.getByLabelText(/^Welcome/)).toHaveValue("welcome (ru)"));
    expect(within(card()).getByText("Built-in text")).toHaveClass("badge");
    expect(card().querySelector("[data-test='from-english']")).toBeNull();
    await user.click(screen.getByRole("tab", { name: "Help" }));
    expect(screen.getByLabelText(/^Help/)).toHaveValue("help (ru)");
    expect(within(card()).getByRole("button", { name: "Use the built-in text" })).toBeDisabled();
  });

  it("shows /terms in the language chosen above its preview", async () => {
    const { calls } = shop();
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const section = (await screen.findByLabelText(/^Seller's name/)).closest("[data-test='legal-settings']") as HTMLElement;
    await waitFor(() => expect(within(section).getByLabelText("Preview of /terms")).toHaveTextContent("Terms in en"));
    await user.click(section.querySelector("[data-test='terms-lang'] [data-lang='ru']") as HTMLElement);
    await waitFor(() => expect(within(section).getByLabelText("Preview of /terms")).toHaveTextContent("Terms in ru"));
    expect(calls.filter((c) => c.cmd === "legal_preview").map((c) => c.args)).toEqual([{ lang: "en" }, { lang: "ru" }]);
  });
});

describe("Settings in German and Russian", () => {
  it("names the cards, the text problems and the counts in the window's language", async () => {
    shop();
    applyLanguage("de");
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const box = await screen.findByLabelText(/^Begrüßung/);
    expect(screen.getByRole("heading", { name: "Einstellungen" })).toBeInTheDocument();
    expect(screen.getByText("Telegram-Bot")).toBeInTheDocument();
    expect(await screen.findByText("AGB-Version 2 · akzeptiert von 5 Kunden")).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Rückerstattungen (mit /terms gesendet)" })).toBeInTheDocument();
    fireEvent.change(box, { target: { value: "Hallo <b>Welt" } });
    expect(document.querySelector("[data-test='text-problem']")).toHaveTextContent(
      "Zeile 1: <b> ist nicht geschlossen: Fügen Sie </b> dort ein, wo der fett formatierte Text endet.",
    );
    expect(document.getElementById("bot-text-help")).toHaveTextContent(
      "Formatierung: <b>fett</b>, <i>kursiv</i>, <u>, <s>, <code>, <a href=\"https://…\">Link</a>. Schreiben Sie &lt; und &amp; für ein < oder &, das so angezeigt werden soll.",
    );

    act(() => void applyLanguage("ru"));
    expect(await screen.findByText("Версия условий 2 · приняли 5 покупателей")).toBeInTheDocument();
    expect(screen.getByText("Что говорит бот")).toBeInTheDocument();
    expect(document.querySelector("[data-test='text-problem']")).toHaveTextContent(
      "Строка 1: <b> не закрыт: добавьте </b> там, где заканчивается жирный текст.",
    );
    expect(parseTelegramHtml("a\n<x>")).toEqual({
      ok: false,
      error: "Строка 2: <x> — не тот тег, который может использовать бот: используйте <b>, <i>, <u>, <s>, <a href=\"https://…\"> и <code> (чтобы показать < как есть, пишите &lt;).",
    });
  });

  it("shows the USD per Star in the window's numbers", async () => {
    mockCommands({
      report_settings: () => ({ time_zone: "Europe/Berlin", system_zone: "Europe/Berlin", follows_system: true, usd_micros_per_star: 13_500 }),
      report_time_zones: () => ["Europe/Berlin"],
    });
    applyLanguage("de");
    renderPage(<ReportsSection />);
    expect(await screen.findByLabelText(/^USD pro Star/)).toHaveValue("0,0135");
    act(() => void applyLanguage("en"));
    await waitFor(() => expect(screen.getByLabelText(/^USD per Star/)).toHaveValue("0.0135"));
  });
});
