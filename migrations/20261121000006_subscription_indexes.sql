-- Indexes for the Subscribers page, the plans' counts, the subscription figures and the expiry
-- queue over 100,000 subscriptions (each under 50 ms; console-bench times them).

-- Subscribers sorted by paid until, with or without a status; counts by status; renewals due in a
-- week and the MRR, from the index alone; cancelled subscriptions ending soon (their reminders).
CREATE INDEX subscriptions_by_paid_until ON subscriptions (paid_until);
CREATE INDEX subscriptions_by_status ON subscriptions (status, paid_until, has_access, price);
-- Subscribers who paid the most first.
CREATE INDEX subscriptions_by_stars_paid ON subscriptions (stars_paid);

-- A plan's subscribers with access and those renewing at another price, read from the index alone;
-- it takes the place of (plan_id, status).
CREATE INDEX subscriptions_plan_counts ON subscriptions (plan_id, status, has_access, price);
DROP INDEX subscriptions_by_plan;

-- Access ending, earliest first, with what the queue orders and joins by: the queue sorts
-- thousands of them over a week without reading the table. It takes the place of (access_until).
CREATE INDEX subscriptions_access_ends ON subscriptions (access_until, status, customer_id, plan_id)
    WHERE has_access = 1;
DROP INDEX subscriptions_due;

-- Lapses of the last week.
CREATE INDEX removals_done ON removals (removed_at) WHERE state = 'removed';
