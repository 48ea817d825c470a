// How numbers, times and people look in the window. The store keeps UTC; the window shows the
// shop's time zone (Settings → Reports), the one the reports count their days in.

import i18next from "i18next";

/** The system's locale; a bare POSIX "C" locale (no grouping, no month names) reads as en-US. */
export const SYSTEM_LOCALE: string = (() => {
  const wanted = typeof navigator !== "undefined" ? navigator.language : "";
  try {
    const locale = new Intl.NumberFormat(wanted || undefined).resolvedOptions().locale;
    return /^(c|posix|und)\b/i.test(wanted) || !locale || locale === "und" ? "en-US" : locale;
  } catch {
    return "en-US";
  }
})();

/** The locale numbers and dates are drawn in: the window's language (see `i18n`). */
let LOCALE: string = SYSTEM_LOCALE;

const LANGUAGE_LOCALES: Record<string, string> = { en: "en-US", de: "de-DE", ru: "ru-RU" };

/** The window's locale now. */
export const locale = () => LOCALE;

/** The system's time zone, by IANA name. */
export const SYSTEM_ZONE: string = (() => {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
})();

function dayFormatters() {
  return {
    numbers: new Intl.NumberFormat(LOCALE),
    // A `YYYY-MM-DD` names a day, not an instant: drawn as the calendar day it is.
    shortDay: new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", timeZone: "UTC" }),
    month: new Intl.DateTimeFormat(LOCALE, { month: "short", year: "numeric", timeZone: "UTC" }),
    longDay: new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }),
  };
}
let days = dayFormatters();

/** The shop's time zone: every time and day the window shows is in it. */
let zone = SYSTEM_ZONE;

function formatters(timeZone: string) {
  return {
    dateTime: new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short", timeZone }),
    date: new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", year: "numeric", timeZone }),
    time: new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit", timeZone }),
    sameYear: new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone }),
    otherYear: new Intl.DateTimeFormat(LOCALE, {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
    }),
    // Numeric parts, for the day and the offset at an instant.
    parts: new Intl.DateTimeFormat("en-US", {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZone,
    }),
  };
}

let fmt = formatters(zone);

/**
 * Draws numbers and dates for `language` ("en", "de", "ru") from now on: the system's own locale
 * when it is of that language (de-AT stays de-AT), the language's main one otherwise.
 */
export function setLocale(language: string) {
  const wanted = SYSTEM_LOCALE.toLowerCase().split("-")[0] === language ? SYSTEM_LOCALE : LANGUAGE_LOCALES[language];
  if (!wanted || wanted === LOCALE) return;
  LOCALE = wanted;
  days = dayFormatters();
  fmt = formatters(zone);
}

/** The shop's time zone now. */
export const shopZone = () => zone;

/**
 * Shows times and days in `name` from now on (an unknown name keeps the zone as it is). Returns
 * whether the zone changed.
 */
export function setShopZone(name: string): boolean {
  if (!name || name === zone) return false;
  try {
    fmt = formatters(name);
  } catch {
    return false;
  }
  zone = name;
  return true;
}

/** The shop zone's wall clock at an instant (ms), as if it were UTC (ms). */
function wallClock(ms: number): number {
  const p: Record<string, number> = {};
  for (const part of fmt.parts.formatToParts(new Date(ms))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The shop's day of a unix time, `YYYY-MM-DD`. */
export function shopDay(unix: number): string {
  const d = new Date(wallClock(Math.floor(unix) * 1000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * When a `YYYY-MM-DD` starts in the shop's zone, as unix seconds (or null for no such day). A
 * midnight skipped by a clock change gives the first moment of the day.
 */
export function localDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const check = new Date(wall);
  if (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) return null;
  // Guess with the offset at the wall time, then with the offset at the guess (twice covers a
  // change between the two).
  let t = wall - (wallClock(wall) - wall);
  for (let i = 0; i < 2; i++) t = wall - (wallClock(t) - t);
  // A skipped midnight lands before the day: move to its first hour.
  while (shopDay(t / 1000) < day) t += 3600_000;
  return Math.floor(t / 1000);
}

/** Today, from the shop's midnight, as UTC unix seconds. */
export function localMidnight(now: Date = new Date()): number {
  return localDayStart(shopDay(now.getTime() / 1000))!;
}

/** The `YYYY-MM-DD` `n` days after (before, when negative) a `YYYY-MM-DD`. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const num = (n: number) => days.numbers.format(n);

export const dateTime = (unix: number) => fmt.dateTime.format(new Date(unix * 1000));

export const date = (unix: number) => fmt.date.format(new Date(unix * 1000));

/** Date and time for a narrow column: the year only when it is not this one (in the shop's zone). */
export function dateTimeShort(unix: number, now: Date = new Date()): string {
  const sameYear = shopDay(unix).slice(0, 4) === shopDay(now.getTime() / 1000).slice(0, 4);
  return (sameYear ? fmt.sameYear : fmt.otherYear).format(new Date(unix * 1000));
}

export const time = (unix: number) => fmt.time.format(new Date(unix * 1000));

/** "just now", "3 min ago", "5 h ago", then the date. */
export function ago(unix: number, now: number = Date.now()): string {
  const s = Math.max(0, Math.round(now / 1000 - unix));
  if (s < 10) return i18next.t("ago.now");
  if (s < 60) return i18next.t("ago.seconds", { n: s });
  if (s < 3600) return i18next.t("ago.minutes", { n: Math.floor(s / 60) });
  if (s < 86400) return i18next.t("ago.hours", { n: Math.floor(s / 3600) });
  if (s < 7 * 86400) return i18next.t("ago.days", { n: Math.floor(s / 86400) });
  return date(unix);
}

/** "12 Mar" for one of the shop's days (`YYYY-MM-DD`). */
export function dayLabel(day: string): string {
  return days.shortDay.format(new Date(`${day}T00:00:00Z`));
}

/** "Mar 2026" for the month of one of the shop's days. */
export function monthLabel(day: string): string {
  return days.month.format(new Date(`${day.slice(0, 7)}-01T00:00:00Z`));
}

/** "12 Mar 2026" for one of the shop's days (`YYYY-MM-DD`). */
export function dayText(day: string): string {
  return days.longDay.format(new Date(`${day}T00:00:00Z`));
}

/**
 * Up to two initials, from the first letter of the first two words that have one (any script):
 * "Zoë <3" gives "Z", "Иван Петров" "ИП", "🦊 Fox" "F". A name with digits and no letter gives
 * its first digit; one with neither gives "" (the avatar then shows a plain person glyph).
 */
export function initials(name: string): string {
  const words = name.split(/\s+/);
  const first = (pattern: RegExp) =>
    words
      .map((word) => pattern.exec(word)?.[0])
      .filter((c): c is string => c !== undefined)
      .slice(0, 2)
      .join("");
  return (first(/\p{L}/u) || first(/\p{N}/u).slice(0, 1)).toLocaleUpperCase();
}

const AVATAR_HUES = [262, 200, 150, 20, 330, 45, 180, 290];

export function avatarColor(id: number): string {
  return `hsl(${AVATAR_HUES[Math.abs(id) % AVATAR_HUES.length]} 55% 52%)`;
}

export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}
