// Sample plans, channels, subscribers and an expiry queue for the subscription tests.

import type { Channel } from "../bindings/Channel";
import type { ExpiryQueue } from "../bindings/ExpiryQueue";
import type { Plan } from "../bindings/Plan";
import type { Subscriber } from "../bindings/Subscriber";
import type { SubscriberDetail } from "../bindings/SubscriberDetail";

export const NOW = 1_760_000_000;
const DAY = 86_400;

export function channel(over: Partial<Channel> = {}): Channel {
  return {
    id: -1001234567890,
    title: "Insiders",
    username: "insiders_club",
    kind: "channel",
    bot_status: "admin",
    can_invite: true,
    can_ban: true,
    checked_at: NOW - 600,
    added_at: NOW - 30 * DAY,
    plans: 1,
    products: 0,
    ...over,
  };
}

export function plan(over: Partial<Plan> = {}): Plan {
  return {
    id: 3,
    title: "Insiders monthly",
    description: "The private channel and a monthly Q&A.",
    price: 250,
    benefit: null,
    active: true,
    channel_ids: [-1001234567890],
    active_subscribers: 4,
    at_other_prices: 0,
    created_at: NOW - 30 * DAY,
    updated_at: NOW - 30 * DAY,
    ...over,
  };
}

export function subscriber(over: Partial<Subscriber> = {}): Subscriber {
  return {
    id: 9,
    customer_id: 5001,
    customer_name: "Alice",
    username: "alice",
    plan_id: 3,
    plan_title: "Insiders monthly",
    price: 250,
    status: "active",
    started_at: NOW - 40 * DAY,
    paid_until: NOW + 20 * DAY,
    access_until: NOW + 20 * DAY,
    renewals: 1,
    stars_paid: 500,
    has_access: true,
    cancelled_at: null,
    ended_at: null,
    ...over,
  };
}

export function detail(over: Partial<Subscriber> = {}, lastRefunded = false): SubscriberDetail {
  return {
    subscriber: subscriber(over),
    payments: [
      { order_id: 70, stars: 250, refunded: false, paid_at: NOW - 40 * DAY, paid_until: NOW - 10 * DAY, refunded_at: null, recovered: false },
      {
        order_id: 84,
        stars: 250,
        refunded: lastRefunded,
        paid_at: NOW - 10 * DAY,
        paid_until: NOW + 20 * DAY,
        refunded_at: lastRefunded ? NOW - DAY : null,
        recovered: false,
      },
    ],
    removals: [],
    reminders: [],
    channels: [channel()],
    now: NOW,
  };
}

export function queue(over: Partial<ExpiryQueue> = {}): ExpiryQueue {
  return {
    now: NOW,
    paused: false,
    reminder_days: [3, 1],
    due_now: [],
    due_now_total: 0,
    next_24h: [],
    next_24h_total: 0,
    next_7d: [],
    next_7d_total: 0,
    reminders_now: [],
    recent: [],
    ...over,
  };
}
