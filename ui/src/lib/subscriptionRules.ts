// The plan form's inline checks and the words for channels and the expiry queue. They say the
// same as core's `subscriptions` module, which stays the authority: what it refuses shows its
// own message.

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
  if (!t) return "Give the plan a title.";
  if (t.length > PLAN_TITLE_MAX) return "The title is too long: Telegram shows at most 32 characters on the invoice.";
  return null;
}

export function planDescriptionProblem(description: string): string | null {
  const d = description.trim();
  if (!d) return "Describe what subscribers get.";
  if (d.length > PLAN_DESCRIPTION_MAX) return "The description is too long: at most 255 characters.";
  return null;
}

export function benefitProblem(benefit: string): string | null {
  return benefit.trim().length > BENEFIT_MAX ? "The text sent at each renewal is too long: at most 3,500 characters." : null;
}

/** The link that opens the bot straight on a plan's card. */
export function planLink(botUsername: string, planId: number): string {
  return `https://t.me/${botUsername}?start=plan_${planId}`;
}

/** What keeps the bot from letting subscribers in and out of a channel (core's `Channel::problem`). */
export function channelProblem(c: Channel): string | null {
  if (c.bot_status !== "admin") {
    return `The bot is no longer an administrator of ${c.title}: add it back as an administrator.`;
  }
  if (c.can_invite && c.can_ban) return null;
  if (c.can_ban) return `The bot may not invite users to ${c.title}: give it the right to add members.`;
  if (c.can_invite) {
    return `The bot may not ban users in ${c.title}: give it the right to ban users, or people who stop paying stay in.`;
  }
  return `The bot may neither invite nor ban users in ${c.title}: give it both rights.`;
}

export const REMINDER_DAYS_MESSAGE = "Reminders go out 1 to 29 days before the end; at most five of them.";

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
    return { problem: "Write whole numbers of days separated by commas, such as 3, 1." };
  }
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  if (days.length > 5 || days.some((d) => d < 1 || d > 29)) return { problem: REMINDER_DAYS_MESSAGE };
  return { days };
}

/** "in 40 min", "in 5 h", "in 3 d" from the shop's clock `now` (the simulator's in demo mode). */
export function inTime(at: number, now: number): string {
  const s = at - now;
  if (s <= 0) return "now";
  if (s < 3600) return `in ${Math.max(1, Math.round(s / 60))} min`;
  if (s < 86400) return `in ${Math.round(s / 3600)} h`;
  return `in ${Math.round(s / 86400)} d`;
}

/** What the next run does to one subscriber, as a sentence. */
export function removalSentence(d: DueAccess): string {
  return `Remove ${d.customer_name} from ${d.plan_title}: ${d.why}`;
}

/** A reminder the next run sends; `name` when the queue knows the customer's name. */
export function reminderSentence(r: DueReminder, name: string | null): string {
  const who = name ?? `customer ${r.customer_id}`;
  return `Remind ${who} that ${r.plan_title} ends on ${dateTime(r.paid_until)} (the ${r.days_before}-day reminder)`;
}
