-- Limits against abuse (Settings), enforced at pre-checkout. A customer who hits one is flagged
-- with the reason until the merchant lifts the flag (the customer is then trusted: the limits no
-- longer apply to them) or blocks them.
ALTER TABLE customers ADD COLUMN trusted_at INTEGER;
CREATE TABLE customer_flags (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    lifted_at   INTEGER
);
CREATE UNIQUE INDEX customer_flags_open ON customer_flags (customer_id) WHERE lifted_at IS NULL;
