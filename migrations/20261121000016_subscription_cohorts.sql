-- Reports' cohorts: subscriptions by the month of the shop's time zone they started in and how
-- many renewals each has paid, kept in the payment's own transaction (a first payment adds one
-- at 0, a renewal moves one up) and counted again with the report days.
CREATE TABLE subscription_cohorts (
    month       TEXT    NOT NULL, -- YYYY-MM in the shop's time zone
    renewals    INTEGER NOT NULL,
    subscribers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, renewals)
) WITHOUT ROWID;

INSERT INTO subscription_cohorts (month, renewals, subscribers)
SELECT strftime('%Y-%m', started_at, 'unixepoch'), renewals, COUNT(*)
FROM subscriptions GROUP BY 1, 2;
-- The rows above are UTC months: the next start counts them again in the shop's zone.
DELETE FROM settings WHERE key = 'report_days_zone';

-- Subscriptions lost in a range (ended without a cancel) from the index alone.
DROP INDEX subscriptions_by_ended;
CREATE INDEX subscriptions_by_ended ON subscriptions (ended_at, cancelled_at) WHERE ended_at IS NOT NULL;
