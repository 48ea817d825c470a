// How numbers, times and people look in the window. The store keeps UTC; the window shows local time.

/** The system's locale; a bare POSIX "C" locale (no grouping, no month names) reads as en-US. */
export const LOCALE: string = (() => {
  const wanted = typeof navigator !== "undefined" ? navigator.language : "";
  try {
    const locale = new Intl.NumberFormat(wanted || undefined).resolvedOptions().locale;
    return /^(c|posix|und)\b/i.test(wanted) || !locale || locale === "und" ? "en-US" : locale;
  } catch {
    return "en-US";
  }
})();

const numbers = new Intl.NumberFormat(LOCALE);
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", year: "numeric" });
const timeFormat = new Intl.DateTimeFormat(LOCALE, { hour: "2-digit", minute: "2-digit" });
const shortDayFormat = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", timeZone: "UTC" });

export const num = (n: number) => numbers.format(n);

export const dateTime = (unix: number) => dateTimeFormat.format(new Date(unix * 1000));

export const date = (unix: number) => dateFormat.format(new Date(unix * 1000));

const sameYearDateTimeFormat = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const otherYearDateTimeFormat = new Intl.DateTimeFormat(LOCALE, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** Date and time for a narrow column: the year only when it is not this one. */
export function dateTimeShort(unix: number, now: Date = new Date()): string {
  const d = new Date(unix * 1000);
  return (d.getFullYear() === now.getFullYear() ? sameYearDateTimeFormat : otherYearDateTimeFormat).format(d);
}

export const time = (unix: number) => timeFormat.format(new Date(unix * 1000));

/** "just now", "3 min ago", "5 h ago", then the date. */
export function ago(unix: number, now: number = Date.now()): string {
  const s = Math.max(0, Math.round(now / 1000 - unix));
  if (s < 10) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 7 * 86400) return `${Math.floor(s / 86400)} d ago`;
  return date(unix);
}

/** Today, from local midnight, as UTC unix seconds. */
export function localMidnight(now: Date = new Date()): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return Math.floor(d.getTime() / 1000);
}

/** A `YYYY-MM-DD` from a date input, as the unix time of that local midnight. */
export function localDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return Math.floor(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() / 1000);
}

/** The UTC day `n` days before today, as the revenue rollup keys it. */
export function utcDay(daysAgo = 0, now: Date = new Date()): string {
  const d = new Date(now.getTime() - daysAgo * 86400_000);
  return d.toISOString().slice(0, 10);
}

/** "12 Mar" for a rollup day. */
export function dayLabel(day: string): string {
  return shortDayFormat.format(new Date(`${day}T00:00:00Z`));
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
