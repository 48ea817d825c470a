// The promo code forms' checks and the words for a code's terms. They say the same as core's
// `promos` module (`PromoDraft::validate`, `generate`), which stays the authority: what it
// refuses shows its own message.

import type { Promo } from "../bindings/Promo";
import type { PromoDraft } from "../bindings/PromoDraft";
import { date, dateTime, num } from "./format";

export const CODE_MAX = 32;
export const PREFIX_MAX = 16;
export const MAX_BATCH = 10_000;
export const MAX_STARS_OFF = 10_000;

export function codeProblem(raw: string): string | null {
  const code = raw.trim();
  const n = [...code].length;
  if (n < 3 || n > CODE_MAX) return "A code is 3 to 32 characters long.";
  if (!/^[A-Za-z0-9_-]+$/.test(code)) {
    return "A code is made of Latin letters, digits, _ and - only (it goes into a t.me link).";
  }
  return null;
}

export function prefixProblem(raw: string): string | null {
  const prefix = raw.trim();
  if ([...prefix].length > PREFIX_MAX) return "The prefix is at most 16 characters.";
  if (prefix !== "" && !/^[A-Za-z0-9_-]+$/.test(prefix)) {
    return "A code is made of Latin letters, digits, _ and - only (it goes into a t.me link).";
  }
  return null;
}

export function countProblem(raw: string): string | null {
  const t = raw.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  return n >= 1 && n <= MAX_BATCH ? null : "Generate 1 to 10,000 codes at a time.";
}

/** What the terms part of both forms holds, as typed. */
export interface TermsForm {
  kind: "percent" | "stars";
  amount: string;
  /** Every product and plan, or the chosen ones. */
  everything: boolean;
  productIds: number[];
  planIds: number[];
  /** `datetime-local` values, in the merchant's time. */
  from: string;
  until: string;
  maxUses: string;
  perCustomer: string;
  firstPurchaseOnly: boolean;
}

export const emptyTerms = (): TermsForm => ({
  kind: "percent",
  amount: "",
  everything: true,
  productIds: [],
  planIds: [],
  from: "",
  until: "",
  maxUses: "",
  perCustomer: "1",
  firstPurchaseOnly: false,
});

/** A `datetime-local` value ("2026-12-01T09:30") in the merchant's time, as UTC unix seconds. */
export function localDateTime(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Math.floor(d.getTime() / 1000);
}

/** Unix seconds as a `datetime-local` value in the merchant's time. */
export function toLocalInput(unix: number): string {
  const d = new Date(unix * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const wholeOrNull = (raw: string): number | null | "bad" => {
  const t = raw.trim();
  if (t === "") return null;
  return /^-?\d+$/.test(t) ? Number(t) : "bad";
};

export type TermsField = "amount" | "items" | "from" | "until" | "maxUses" | "perCustomer";

/** What is wrong with each field of the terms, in the core's words where it has them. */
export function termsProblems(f: TermsForm, limits = true): Partial<Record<TermsField, string>> {
  const out: Partial<Record<TermsField, string>> = {};
  const amount = f.amount.trim();
  const n = /^\d+$/.test(amount) ? Number(amount) : NaN;
  if (amount === "") out.amount = "Choose either a percentage off or a number of Stars off.";
  else if (f.kind === "percent" && !(n >= 1 && n <= 99)) out.amount = "A percentage off is 1 to 99 %.";
  else if (f.kind === "stars" && !(n >= 1 && n <= MAX_STARS_OFF)) out.amount = "Stars off is a whole number from 1 to 10,000.";
  // Nothing chosen would mean everything to the core: say so rather than surprise.
  if (!f.everything && f.productIds.length === 0 && f.planIds.length === 0) {
    out.items = "Choose at least one product or plan, or let the code apply to everything.";
  }
  const from = localDateTime(f.from);
  const until = localDateTime(f.until);
  if (f.from.trim() !== "" && from === null) out.from = "Pick a date and a time.";
  if (f.until.trim() !== "" && until === null) out.until = "Pick a date and a time.";
  else if (from !== null && until !== null && until <= from) out.until = '"Valid until" must be after "valid from".';
  if (limits) {
    const max = wholeOrNull(f.maxUses);
    if (max === "bad" || (max !== null && max < 1)) out.maxUses = "The total number of uses is at least 1, or empty for no limit.";
    const per = wholeOrNull(f.perCustomer);
    if (per === "bad" || (per !== null && per < 1)) out.perCustomer = "Uses per customer is at least 1, or empty for no limit.";
  }
  return out;
}

/** The draft the core takes; call once `termsProblems` has nothing to say. */
export function draftOf(code: string, f: TermsForm): PromoDraft {
  const amount = Number(f.amount.trim());
  const limit = (raw: string) => (raw.trim() === "" ? null : Number(raw.trim()));
  return {
    code: code.trim(),
    percent_off: f.kind === "percent" ? amount : null,
    stars_off: f.kind === "stars" ? amount : null,
    product_ids: f.everything ? [] : f.productIds,
    plan_ids: f.everything ? [] : f.planIds,
    valid_from: localDateTime(f.from),
    valid_until: localDateTime(f.until),
    max_uses: limit(f.maxUses),
    per_customer: limit(f.perCustomer),
    first_purchase_only: f.firstPurchaseOnly,
  };
}

/** "10% off", "25 ⭐ off", as the chat says it. */
export function discountWords(p: { percent_off: number | null; stars_off: number | null }): string {
  if (p.percent_off !== null) return `${p.percent_off}% off`;
  if (p.stars_off !== null) return `${num(p.stars_off)} ⭐ off`;
  return "";
}

/** "25 Stars off", for plain text (a toast) where the star cannot be drawn. */
export const discountPlain = (p: { percent_off: number | null; stars_off: number | null }): string =>
  discountWords(p).replace("⭐", "Stars");

/** When a code works, in the merchant's time: "Always", "From 1 Dec 2026", "1 Dec 2026 – 31 Dec 2026". */
export function validityWords(p: Pick<Promo, "valid_from" | "valid_until">, exact = false): string {
  const when = exact ? dateTime : date;
  if (p.valid_from === null && p.valid_until === null) return "Always";
  if (p.valid_until === null) return `From ${when(p.valid_from!)}`;
  if (p.valid_from === null) return `Until ${when(p.valid_until)}`;
  return `${when(p.valid_from)} – ${when(p.valid_until)}`;
}

/** "3 / 100", "3 / no limit". */
export function usesWords(p: Pick<Promo, "uses" | "max_uses">): string {
  return `${num(p.uses)} / ${p.max_uses === null ? "no limit" : num(p.max_uses)}`;
}

/** Where a code stands now: active, used up, expired, not yet valid, or deactivated. */
export function promoState(p: Promo, now: number): { label: string; tone: string } {
  if (!p.active) return { label: "Inactive", tone: "" };
  if (p.max_uses !== null && p.uses >= p.max_uses) return { label: "Used up", tone: "amber" };
  if (p.valid_until !== null && now >= p.valid_until) return { label: "Expired", tone: "amber" };
  if (p.valid_from !== null && now < p.valid_from) return { label: "Scheduled", tone: "blue" };
  return { label: "Active", tone: "green" };
}
