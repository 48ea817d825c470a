// The window's languages: English, German and Russian. Each page group has its own namespace
// (`locales/<language>/<namespace>.json`); English is the source and the fallback.

import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Lang } from "../bindings/Lang";
import { setLocale } from "../lib/format";

/** The languages the window speaks: the ones the bot speaks (the core's `Lang`). */
export type Language = Lang;
export const LANGUAGES: readonly Language[] = ["en", "de", "ru"];
/** What Settings offers: a language, or the system's. */
export type LanguageChoice = Language | "system";

/** The language names, each in its own language. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", de: "Deutsch", ru: "Русский" };

export const NAMESPACES = [
  "common",
  "overview",
  "audit",
  "demo",
  "catalog",
  "promos",
  "orders",
  "customers",
  "subscriptions",
  "referrals",
  "reports",
  "support",
  "settings",
] as const;

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Every `locales/<language>/<namespace>.json`, bundled. */
function resources(): Resources {
  const files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json", { eager: true });
  const out: Resources = {};
  for (const [path, mod] of Object.entries(files)) {
    const m = /locales\/(\w+)\/(\w+)\.json$/.exec(path);
    if (!m) continue;
    (out[m[1]] ??= {})[m[2]] = mod.default;
  }
  return out;
}

/** The first of the system's languages the window speaks; English otherwise. */
export function systemLanguage(): Language {
  const wanted = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of wanted) {
    const base = (tag || "").toLowerCase().split(/[-_]/)[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return "en";
}

void i18n.use(initReactI18next).init({
  resources: resources(),
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: "common",
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  react: { useSuspense: false },
});

/** Speaks `choice` from now on: texts, dates, numbers and Stars. */
export function applyLanguage(choice: LanguageChoice): Language {
  const language = choice === "system" ? systemLanguage() : choice;
  setLocale(language);
  if (typeof document !== "undefined") document.documentElement.lang = language;
  void i18n.changeLanguage(language);
  return language;
}

export default i18n;
