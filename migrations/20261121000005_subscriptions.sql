-- Subscription plans: 30-day Stars subscriptions that grant private channels and/or a benefit
-- sent at each renewal; channels where the bot is an administrator; subscriptions and their
-- payments (each payment is an order, so refunds, reconciliation and revenue treat it as one);
-- one-person invites; removals (undoable) and reminders, each done once.

-- A private channel or group where the bot is (or was) an administrator.
CREATE TABLE channels (
    id         INTEGER PRIMARY KEY, -- Telegram's chat id
    title      TEXT    NOT NULL,
    username   TEXT,
    kind       TEXT    NOT NULL DEFAULT 'channel' CHECK (kind IN ('channel', 'group')),
    -- The bot's standing there, as last seen: 'admin', or 'member'/'left' when it is no longer one.
    bot_status TEXT    NOT NULL DEFAULT 'admin',
    can_invite INTEGER NOT NULL DEFAULT 0 CHECK (can_invite IN (0, 1)),
    can_ban    INTEGER NOT NULL DEFAULT 0 CHECK (can_ban IN (0, 1)),
    checked_at INTEGER NOT NULL,
    added_at   INTEGER NOT NULL
);

CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL,
    price       INTEGER NOT NULL CHECK (price BETWEEN 1 AND 10000), -- Stars per 30 days
    benefit     TEXT, -- sent with the first payment and at each renewal
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE plan_channels (
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    channel_id INTEGER NOT NULL REFERENCES channels (id),
    PRIMARY KEY (plan_id, channel_id)
);

-- One subscription per customer and Telegram subscription (its first charge).
--   active: renews by itself; cancelled: will not renew, access to the end of the paid period;
--   lapsed: the period ended without a renewal; refunded: its last payment was refunded.
CREATE TABLE subscriptions (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    plan_id         INTEGER NOT NULL REFERENCES plans (id),
    price           INTEGER NOT NULL, -- what Telegram renews at: the invoice's price
    status          TEXT    NOT NULL CHECK (status IN ('active', 'cancelled', 'lapsed', 'refunded')),
    first_charge_id TEXT    NOT NULL UNIQUE,
    -- The invoice's payload: Telegram renews with the same one, so it finds the subscription.
    payload         TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    paid_until      INTEGER NOT NULL, -- Telegram's subscription_expiration_date
    -- Access beyond the paid period: a goodwill extension, a refund kept to the end, an undo.
    access_until    INTEGER NOT NULL,
    renewals        INTEGER NOT NULL DEFAULT 0,
    stars_paid      INTEGER NOT NULL DEFAULT 0,
    -- Whether the customer is in the plan's channels as far as Stardesk knows.
    has_access      INTEGER NOT NULL DEFAULT 1 CHECK (has_access IN (0, 1)),
    -- A refund of its last payment keeps access to the end of the paid period.
    keep_on_refund  INTEGER NOT NULL DEFAULT 0 CHECK (keep_on_refund IN (0, 1)),
    cancelled_at    INTEGER,
    ended_at        INTEGER,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX subscriptions_by_customer ON subscriptions (customer_id, plan_id);
CREATE INDEX subscriptions_by_payload ON subscriptions (payload, customer_id);
CREATE INDEX subscriptions_by_plan ON subscriptions (plan_id, status);
CREATE INDEX subscriptions_due ON subscriptions (access_until) WHERE has_access = 1;
CREATE INDEX subscriptions_ending ON subscriptions (paid_until) WHERE status = 'cancelled';
CREATE INDEX subscriptions_by_started ON subscriptions (started_at);

-- Every payment of a subscription is an order; this ties it to the subscription.
ALTER TABLE orders ADD COLUMN plan_id INTEGER REFERENCES plans (id);
ALTER TABLE orders ADD COLUMN subscription_id INTEGER REFERENCES subscriptions (id);
-- For a subscription payment: until when it paid (Telegram's subscription_expiration_date).
ALTER TABLE orders ADD COLUMN paid_until INTEGER;
CREATE INDEX orders_by_subscription ON orders (subscription_id, created_at) WHERE subscription_id IS NOT NULL;

-- A one-person invite link, made for a subscription or a channel-access order.
CREATE TABLE invites (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels (id),
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    subscription_id INTEGER REFERENCES subscriptions (id),
    order_id        INTEGER REFERENCES orders (id),
    link            TEXT    NOT NULL UNIQUE,
    expires_at      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER
);
CREATE INDEX invites_by_subscription ON invites (subscription_id, channel_id);

-- A removal from the plan's channels: done when its period ended (or by hand), undoable for 7 days.
CREATE TABLE removals (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    -- The access end it carried out; a subscription is removed once per access end.
    access_until    INTEGER NOT NULL,
    why             TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    actor_name      TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('removing', 'removed', 'undone')),
    created_at      INTEGER NOT NULL,
    removed_at      INTEGER,
    told_at         INTEGER,
    undone_at       INTEGER,
    UNIQUE (subscription_id, access_until)
);
CREATE INDEX removals_by_state ON removals (state, created_at);

-- A reminder that a cancelled subscription ends: one per subscription, period end and lead.
CREATE TABLE reminders (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    paid_until      INTEGER NOT NULL,
    days_before     INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, paid_until, days_before)
);
