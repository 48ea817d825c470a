-- Reports: the shop's figures per day of the merchant's time zone and per item, a product or a
-- plan, kept in the order's own transaction (sales, refunds, the shop's referral commissions,
-- Telegram's affiliate commissions) and in the bot's (cards viewed, invoices sent). The days
-- are those of the time zone named by the setting `report_days_zone`; when the shop's time zone
-- changes the table is counted again from the orders and the funnel's events.
CREATE TABLE report_days (
    day                 TEXT    NOT NULL, -- YYYY-MM-DD in the shop's time zone
    product_id          INTEGER NOT NULL DEFAULT 0, -- 0: not a product's
    plan_id             INTEGER NOT NULL DEFAULT 0, -- 0: not a plan's
    orders              INTEGER NOT NULL DEFAULT 0,
    stars               INTEGER NOT NULL DEFAULT 0,
    refunds             INTEGER NOT NULL DEFAULT 0,
    refunded_stars      INTEGER NOT NULL DEFAULT 0,
    -- What Telegram's affiliate program took, in billionths of a Star.
    affiliate_nanostars INTEGER NOT NULL DEFAULT 0,
    -- The shop's own referral commissions, net of those taken back, in thousandths of a Star.
    referral_millistars INTEGER NOT NULL DEFAULT 0,
    views               INTEGER NOT NULL DEFAULT 0,
    invoices            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, product_id, plan_id)
) WITHOUT ROWID;

-- The funnel's events, kept so that the days can be counted again in another time zone.
CREATE TABLE funnel_events (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('view', 'invoice')),
    product_id  INTEGER,
    plan_id     INTEGER,
    customer_id INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    CHECK ((product_id IS NULL) <> (plan_id IS NULL))
);
CREATE INDEX funnel_events_by_at ON funnel_events (at);

-- The UTC rollup the reports replace.
DROP TABLE revenue_daily;

-- Top customers of a range and the cash-flow forecast read these columns from the index alone.
DROP INDEX orders_by_created;
CREATE INDEX orders_by_created ON orders (created_at, customer_id, stars, status);

-- MRR over time: subscriptions started, and stopped (cancelled or ended), by time, with price.
DROP INDEX subscriptions_by_started;
CREATE INDEX subscriptions_by_started ON subscriptions (started_at, price, renewals);
CREATE INDEX subscriptions_by_stop ON subscriptions (coalesce(cancelled_at, ended_at), price);
CREATE INDEX subscriptions_by_cancelled ON subscriptions (cancelled_at) WHERE cancelled_at IS NOT NULL;
CREATE INDEX subscriptions_by_ended ON subscriptions (ended_at, status) WHERE ended_at IS NOT NULL;
