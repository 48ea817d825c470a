-- An invoice counts as the funnel's "invoice" step by its own insert: the day it counts on
-- (the shop's time zone) is written with it, and a trigger adds the funnel's event, so the
-- bot's Buy writes one statement instead of two. Invoices written without a day (none today)
-- count nothing here.
ALTER TABLE invoices ADD COLUMN day TEXT;

CREATE TRIGGER invoices_count_in_funnel AFTER INSERT ON invoices WHEN NEW.day IS NOT NULL
BEGIN
    INSERT INTO funnel_events (kind, product_id, plan_id, customer_id, at, day)
    VALUES ('invoice', NEW.product_id, NULL, NEW.customer_id, NEW.sent_at, NEW.day);
END;
