-- Invoices sent in the chat, with their timer: `open` until paid or until `expires_at`, then
-- `paid` (an order was recorded for the payload) or `expired` (the bot replaced the invoice
-- message with an "expired" line and a fresh Buy button). `replaced_at`: when the chat shows
-- that line; an expired invoice without it is replaced again after a restart.
CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    payload     TEXT    NOT NULL UNIQUE,
    nonce       TEXT    NOT NULL, -- the payload's, the key of its stock hold
    customer_id INTEGER NOT NULL,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    stars       INTEGER NOT NULL CHECK (stars > 0),
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'expired')),
    order_id    INTEGER REFERENCES orders (id),
    sent_at     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    settled_at  INTEGER,
    replaced_at INTEGER
);
CREATE INDEX invoices_by_sent ON invoices (sent_at);
CREATE INDEX invoices_due ON invoices (expires_at) WHERE status = 'open';
CREATE INDEX invoices_unreplaced ON invoices (id) WHERE status = 'expired' AND replaced_at IS NULL;
CREATE INDEX invoices_by_customer ON invoices (customer_id, sent_at);

-- An order recorded for an invoice's payload settles the invoice as paid, in the order's own
-- statement (even one paid just after it expired: the money moved, so the order stands).
CREATE TRIGGER orders_settle_invoice AFTER INSERT ON orders
BEGIN
    UPDATE invoices SET status = 'paid', order_id = NEW.id, settled_at = NEW.created_at
    WHERE payload = NEW.payload AND status != 'paid';
END;
