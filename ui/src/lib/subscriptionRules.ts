// The plan form's inline checks and the words for channels and the expiry queue. They say the
// same as core's `subscriptions` module, which stays the authority: what it refuses shows its
// own message.

import i18next from "i18next";
import type { Channel } from "../bindings/Channel";
import type { DueAccess } from "../bindings/DueAccess";
import type { DueReminder } from "../bindings/DueReminder";
import { dateTime } from "./format";
import { priceProblem } from "./productRules";

/** Telegram counts an invoice's title and description in UTF-16 units, as JavaScript does. */
export const PLAN_TITLE_MAX = 32;
export const PLAN_DESCRIPTION_MAX = 255;
export const BENEFIT_MAX = 3500;

/** The same limits as a product's price: 1 to 10,000 Stars (Telegram's cap on a subscription). */
export const planPriceProblem = priceProblem;

export function planTitleProblem(title: string): string | null {
  const t = title.trim();
  if (!t) return i18next.t("subscriptions:rules.titleEmpty");
  if (t.length > PLAN_TITLE_MAX) return i18next.t("subscriptions:rules.titleLong");
  return null;
}

export function planDescriptionProblem(description: string): string | null {
  const d = description.trim();
  if (!d) return i18next.t("subscriptions:rules.descriptionEmpty");
  if (d.length > PLAN_DESCRIPTION_MAX) return i18next.t("subscriptions:rules.descriptionLong");
  return null;
}

export function benefitProblem(benefit: string): string | null {
  return benefit.trim().length > BENEFIT_MAX ? i18next.t("subscriptions:rules.benefitLong") : null;
}

/** The link that opens the bot straight on a plan's card. */
export function planLink(botUsername: string, planId: number): string {
  return `https://t.me/${botUsername}?start=plan_${planId}`;
}

/** What keeps the bot from letting subscribers in and out of a channel (core's `Channel::problem`). */
export function channelProblem(c: Channel): string | null {
  const title = c.title;
  if (c.bot_status !== "admin") return i18next.t("subscriptions:rules.channel.notAdmin", { title });
  if (c.can_invite && c.can_ban) return null;
  if (c.can_ban) return i18next.t("subscriptions:rules.channel.noInvite", { title });
  if (c.can_invite) return i18next.t("subscriptions:rules.channel.noBan", { title });
  return i18next.t("subscriptions:rules.channel.neither", { title });
}

/** The core's words for reminder days out of range, in the window's language. */
export const reminderDaysMessage = () => i18next.t("subscriptions:rules.reminderDays");

/**
 * "3, 1" as the days the core takes, longest first; an empty box means no reminders. Anything
 * but whole numbers from 1 to 29 (five at most) is refused with the core's words.
 */
export function parseReminderDays(raw: string): { days: number[] } | { problem: string } {
  const parts = raw
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p))) {
    return { problem: i18next.t("subscriptions:rules.reminderDaysFormat") };
  }
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  if (days.length > 5 || days.some((d) => d < 1 || d > 29)) return { problem: reminderDaysMessage() };
  return { days };
}

/** "in 40 min", "in 5 h", "in 3 d" from the shop's clock `now` (the simulator's in demo mode). */
export function inTime(at: number, now: number): string {
  const s = at - now;
  if (s <= 0) return i18next.t("subscriptions:rules.inTime.now");
  if (s < 3600) return i18next.t("subscriptions:rules.inTime.minutes", { n: Math.max(1, Math.round(s / 60)) });
  if (s < 86400) return i18next.t("subscriptions:rules.inTime.hours", { n: Math.round(s / 3600) });
  return i18next.t("subscriptions:rules.inTime.days", { n: Math.round(s / 86400) });
}

/** What the next run does to one subscriber, as a sentence. */
export function removalSentence(d: DueAccess): string {
  return i18next.t("subscriptions:rules.removal", { name: d.customer_name, plan: d.plan_title, why: d.why });
}

/** A reminder the next run sends; `name` when the queue knows the customer's name. */
export function reminderSentence(r: DueReminder, name: string | null): string {
  const who = name ?? i18next.t("subscriptions:rules.customer", { id: r.customer_id });
  return i18next.t("subscriptions:rules.reminder", {
    who,
    plan: r.plan_title,
    date: dateTime(r.paid_until),
    count: r.days_before,
  });
}
