// The promo code forms' checks and the words for a code's terms. They say the same as core's
// `promos` module (`PromoDraft::validate`, `generate`), which stays the authority: what it
// refuses shows its own message. The words are in the window's language (`promos:rules.*`,
// `promos:words.*`), read when they are needed.

import i18next from "i18next";
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
  if (n < 3 || n > CODE_MAX) return i18next.t("promos:rules.codeLength");
  if (!/^[A-Za-z0-9_-]+$/.test(code)) {
    return i18next.t("promos:rules.codeChars");
  }
  return null;
}

export function prefixProblem(raw: string): string | null {
  const prefix = raw.trim();
  if ([...prefix].length > PREFIX_MAX) return i18next.t("promos:rules.prefixLength");
  if (prefix !== "" && !/^[A-Za-z0-9_-]+$/.test(prefix)) {
    return i18next.t("promos:rules.codeChars");
  }
  return null;
}

export function countProblem(raw: string): string | null {
  const t = raw.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  return n >= 1 && n <= MAX_BATCH ? null : i18next.t("promos:rules.count");
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
  if (amount === "") out.amount = i18next.t("promos:rules.amountEmpty");
  else if (f.kind === "percent" && !(n >= 1 && n <= 99)) out.amount = i18next.t("promos:rules.percentRange");
  else if (f.kind === "stars" && !(n >= 1 && n <= MAX_STARS_OFF)) out.amount = i18next.t("promos:rules.starsRange");
  // Nothing chosen would mean everything to the core: say so rather than surprise.
  if (!f.everything && f.productIds.length === 0 && f.planIds.length === 0) {
    out.items = i18next.t("promos:rules.items");
  }
  const from = localDateTime(f.from);
  const until = localDateTime(f.until);
  if (f.from.trim() !== "" && from === null) out.from = i18next.t("promos:rules.pickDateTime");
  if (f.until.trim() !== "" && until === null) out.until = i18next.t("promos:rules.pickDateTime");
  else if (from !== null && until !== null && until <= from) out.until = i18next.t("promos:rules.untilAfterFrom");
  if (limits) {
    const max = wholeOrNull(f.maxUses);
    if (max === "bad" || (max !== null && max < 1)) out.maxUses = i18next.t("promos:rules.maxUses");
    const per = wholeOrNull(f.perCustomer);
    if (per === "bad" || (per !== null && per < 1)) out.perCustomer = i18next.t("promos:rules.perCustomer");
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
  if (p.percent_off !== null) return i18next.t("promos:words.percentOff", { n: p.percent_off });
  if (p.stars_off !== null) return i18next.t("promos:words.starsOff", { n: num(p.stars_off) });
  return "";
}

/** "25 Stars off", for plain text (a toast) where the star cannot be drawn. */
export function discountPlain(p: { percent_off: number | null; stars_off: number | null }): string {
  if (p.stars_off !== null && p.percent_off === null) return i18next.t("promos:words.starsOffPlain", { count: p.stars_off });
  return discountWords(p);
}

/** When a code works, in the merchant's time: "Always", "From 1 Dec 2026", "1 Dec 2026 – 31 Dec 2026". */
export function validityWords(p: Pick<Promo, "valid_from" | "valid_until">, exact = false): string {
  const when = exact ? dateTime : date;
  if (p.valid_from === null && p.valid_until === null) return i18next.t("promos:words.always");
  if (p.valid_until === null) return i18next.t("promos:words.from", { date: when(p.valid_from!) });
  if (p.valid_from === null) return i18next.t("promos:words.until", { date: when(p.valid_until) });
  return `${when(p.valid_from)} – ${when(p.valid_until)}`;
}

/** "3 / 100", "3 / no limit". */
export function usesWords(p: Pick<Promo, "uses" | "max_uses">): string {
  return `${num(p.uses)} / ${p.max_uses === null ? i18next.t("promos:words.noLimit") : num(p.max_uses)}`;
}

export type PromoStateName = "inactive" | "usedUp" | "expired" | "scheduled" | "active";

/**
 * Where a code stands now: active, used up, expired, not yet valid, or deactivated; `state`
 * names it, `label` says it in the window's language.
 */
export function promoState(p: Promo, now: number): { state: PromoStateName; label: string; tone: string } {
  const at = (state: PromoStateName, tone: string) => ({ state, label: i18next.t(`promos:states.${state}`), tone });
  if (!p.active) return at("inactive", "");
  if (p.max_uses !== null && p.uses >= p.max_uses) return at("usedUp", "amber");
  if (p.valid_until !== null && now >= p.valid_until) return at("expired", "amber");
  if (p.valid_from !== null && now < p.valid_from) return at("scheduled", "blue");
  return at("active", "green");
}
