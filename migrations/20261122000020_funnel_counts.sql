-- A funnel step counts itself on the shop's day it was recorded on, in the same statement that
-- records it: the bot's path writes one row instead of two. `day` is the day the rollup counted
-- it on (a rebuild in another time zone counts the events again from `at`); steps recorded
-- before this have none.
ALTER TABLE funnel_events ADD COLUMN day TEXT;

CREATE TRIGGER funnel_events_count AFTER INSERT ON funnel_events WHEN NEW.day IS NOT NULL
BEGIN
    INSERT INTO report_days (day, product_id, plan_id, orders, stars, refunds, refunded_stars,
                             affiliate_nanostars, referral_millistars, views, invoices)
    VALUES (NEW.day, coalesce(NEW.product_id, 0), coalesce(NEW.plan_id, 0), 0, 0, 0, 0, 0, 0,
            NEW.kind = 'view', NEW.kind = 'invoice')
    ON CONFLICT (day, product_id, plan_id) DO UPDATE SET
        views = views + excluded.views,
        invoices = invoices + excluded.invoices;
END;
