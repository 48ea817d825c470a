-- Reminders about an unfinished payment, only with the customer's consent. `reminders`: NULL
-- until the customer answered the question (asked once, the first time an invoice of theirs
-- expired), then 1 (yes) or 0 (no); /reminders turns them on and off. `stopped_at`: /stop, no
-- message that is not an answer to the customer from then on (until /reminders turns them on).
ALTER TABLE customers ADD COLUMN reminders INTEGER CHECK (reminders IN (0, 1));
ALTER TABLE customers ADD COLUMN reminders_asked_at INTEGER;
ALTER TABLE customers ADD COLUMN stopped_at INTEGER;

-- One reminder planned for an expired invoice, at most one per customer and product a week.
-- `pending` until `due_at`; then `sent`, or `skipped` with the reason (no consent, stopped,
-- bought since, no longer on sale). Claimed before it is sent: a crash loses it rather than
-- sending it twice.
CREATE TABLE invoice_reminders (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL UNIQUE REFERENCES invoices (id),
    customer_id INTEGER NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    due_at      INTEGER NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped')),
    reason      TEXT,
    done_at     INTEGER
);
CREATE INDEX invoice_reminders_due ON invoice_reminders (due_at) WHERE state = 'pending';
CREATE INDEX invoice_reminders_by_customer ON invoice_reminders (customer_id, product_id, due_at);
