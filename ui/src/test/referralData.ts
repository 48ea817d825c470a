// Sample referrers, ledgers, payouts and promo codes for the referral and promo code tests.

import type { Payout } from "../bindings/Payout";
import type { Promo } from "../bindings/Promo";
import type { PromoUse } from "../bindings/PromoUse";
import type { Referrer } from "../bindings/Referrer";
import type { ReferrerDetail } from "../bindings/ReferrerDetail";

export const NOW = 1_760_000_000;
const DAY = 86_400;

export function referrer(over: Partial<Referrer> = {}): Referrer {
  return {
    customer_id: 5001,
    name: "Gwen",
    username: "gwen_reads",
    code: "k7m2q9xa",
    invited: 3,
    buyers: 2,
    revenue: 420,
    // 10 % of 420 Stars, 5.5 of them still on hold.
    earned: 42_000,
    pending: 5_500,
    available: 36_500,
    paid: 0,
    credit: 0,
    ...over,
  };
}

export function referrerDetail(over: Partial<ReferrerDetail> = {}): ReferrerDetail {
  return {
    // The ledger below: 36 + 5.5 - 6.5 earned, 5.5 on hold, 10 paid outside.
    referrer: referrer({ revenue: 355, earned: 35_000, pending: 5_500, available: 19_500, paid: 10 }),
    invited: [
      { customer_id: 6001, name: "Ivy", since: NOW - 20 * DAY, orders: 2, stars: 365 },
      { customer_id: 6002, name: "Hugo", since: NOW - 3 * DAY, orders: 1, stars: 55 },
    ],
    ledger: [
      {
        at: NOW - 3600,
        kind: "payout_outside",
        order_id: null,
        customer_id: null,
        customer_name: null,
        title: null,
        order_stars: null,
        percent: null,
        millistars: -10_000,
        available_at: null,
        note: "Sent a gift in Telegram",
        by: "Dana",
      },
      {
        at: NOW - 2 * DAY,
        kind: "earned",
        order_id: 77,
        customer_id: 6002,
        customer_name: "Hugo",
        title: "Field notes",
        order_stars: 55,
        percent: 10,
        millistars: 5_500,
        available_at: NOW + 19 * DAY,
        note: null,
        by: null,
      },
      {
        at: NOW - 5 * DAY,
        kind: "reversed",
        order_id: 70,
        customer_id: 6001,
        customer_name: "Ivy",
        title: "Game key",
        order_stars: 65,
        percent: 10,
        millistars: -6_500,
        available_at: NOW - 5 * DAY,
        note: null,
        by: null,
      },
      {
        at: NOW - 30 * DAY,
        kind: "earned",
        order_id: 61,
        customer_id: 6001,
        customer_name: "Ivy",
        title: "Pro tips guide",
        order_stars: 300,
        percent: 12,
        millistars: 36_000,
        available_at: NOW - 9 * DAY,
        note: null,
        by: null,
      },
    ],
    now: NOW,
    ...over,
  };
}

export function payout(over: Partial<Payout> = {}): Payout {
  return {
    id: 9,
    referrer_id: 5001,
    referrer_name: "Gwen",
    stars: 10,
    method: "outside",
    note: "Sent a gift in Telegram",
    by: "Dana",
    at: NOW - 3600,
    ...over,
  };
}

export function promo(over: Partial<Promo> = {}): Promo {
  return {
    id: 4,
    code: "WELCOME10",
    percent_off: 10,
    stars_off: null,
    all_items: true,
    product_ids: [],
    plan_ids: [],
    valid_from: null,
    valid_until: null,
    max_uses: 100,
    per_customer: 1,
    first_purchase_only: true,
    batch: null,
    active: true,
    created_at: NOW - 10 * DAY,
    uses: 3,
    revenue: 270,
    discount_given: 30,
    ...over,
  };
}

export function promoUse(over: Partial<PromoUse> = {}): PromoUse {
  return {
    order_id: 81,
    customer_id: 6001,
    customer_name: "Ivy",
    title: "Pro tips guide",
    list_price: 100,
    discount: 10,
    paid: 90,
    refunded: false,
    at: NOW - DAY,
    ...over,
  };
}
