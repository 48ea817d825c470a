// Commissions in thousandths of a Star as the window shows them, and the referral forms' checks.
// They say the same as core's `referrals` module, which stays the authority: what it refuses
// shows its own message.

import i18next from "i18next";
import type { ReferralSettings } from "../bindings/ReferralSettings";
import { num } from "./format";

/** Thousandths of a Star as whole Stars, rounded down (what can be paid out): -1.5 is -2. */
export const wholeStars = (millistars: number): number => Math.floor(millistars / 1000);

/** Thousandths of a Star exactly, as core's `stars_exact` writes them: "12.345 ⭐", "20.5 ⭐", "20 ⭐". */
export function exactStars(millistars: number): string {
  const sign = millistars < 0 ? "-" : "";
  const m = Math.abs(millistars);
  const frac = String(m % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return `${sign}${num(Math.floor(m / 1000))}${frac ? `.${frac}` : ""} ⭐`;
}

/** Whole Stars in a sentence, as core's messages write them: "1 Star", "1,200 Stars". */
export function starsWords(n: number): string {
  return `${n < 0 ? "-" : ""}${i18next.t("referrals:rules.stars", { count: Math.abs(n) })}`;
}

/** Whole Stars a referrer can be paid now. */
export const dueStars = (available: number): number => Math.max(0, wholeStars(available));

const whole = (raw: string): number | null => (/^\d+$/.test(raw.trim()) ? Number(raw.trim()) : null);

export function percentProblem(raw: string): string | null {
  const n = whole(raw);
  return n !== null && n <= 50 ? null : i18next.t("referrals:rules.percent");
}

export function monthsProblem(raw: string): string | null {
  const n = whole(raw);
  return n !== null && n >= 1 && n <= 120 ? null : i18next.t("referrals:rules.months");
}

export function holdProblem(raw: string): string | null {
  const n = whole(raw);
  return n !== null && n <= 90 ? null : i18next.t("referrals:rules.hold");
}

/** The settings form's text, as the terms it saves, or null while one is refused. */
export function parseTerms(f: { percent: string; months: string; hold: string }): ReferralSettings | null {
  if (percentProblem(f.percent) || monthsProblem(f.months) || holdProblem(f.hold)) return null;
  return { percent: Number(f.percent.trim()), months: Number(f.months.trim()), hold_days: Number(f.hold.trim()) };
}

export const NOTE_MAX = 500;

/** What is wrong with a payout's amount, in core's words. */
export function payoutAmountProblem(raw: string, due: number, name: string): string | null {
  const n = whole(raw);
  if (n === null || n < 1) return i18next.t("referrals:rules.amountMin");
  if (n > due) return i18next.t("referrals:rules.amountMax", { name, due: starsWords(due), asked: starsWords(n) });
  return null;
}

/** What is wrong with a payout's note, in core's words. */
export function payoutNoteProblem(note: string, outside: boolean): string | null {
  const t = note.trim();
  if (outside && t === "") return i18next.t("referrals:rules.noteOutside");
  if ([...t].length > NOTE_MAX) return i18next.t("referrals:rules.noteLong");
  return null;
}
