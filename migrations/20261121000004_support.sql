-- The support desk: refunds by clicking (one at a time or many), refund requests from the chat,
-- a support inbox for what customers write, and an append-only audit trail.

-- A refund says what kind of reason it had and who exactly made it (the operator's name).
ALTER TABLE refunds ADD COLUMN category TEXT;
ALTER TABLE refunds ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';

-- A refunded order's code is revoked: the customer has seen it, it is never sold again.
ALTER TABLE codes ADD COLUMN revoked_at INTEGER;
UPDATE codes SET revoked_at = (SELECT refunded_at FROM orders WHERE orders.code_id = codes.id)
    WHERE id IN (SELECT code_id FROM orders WHERE status = 'refunded' AND code_id IS NOT NULL);

-- Every action that moves money or changes what customers see: who, when, what, the values
-- before and after, and why. Nothing edits or deletes a line.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL CHECK (actor IN ('operator', 'customer', 'rule', 'telegram', 'stardeskd')),
    actor_name TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    before     TEXT,
    after      TEXT,
    reason     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_action ON audit (action, id);
CREATE INDEX audit_by_at ON audit (at);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- What customers write to the bot, one conversation per customer.
CREATE TABLE conversations (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL UNIQUE REFERENCES customers (id),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting', 'resolved')),
    unread          INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
    -- The bot has said "a person will answer here" since the conversation was last resolved.
    acknowledged    INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
    -- The customer pressed "Ask for a refund" on this order and the bot waits for the reason.
    awaiting_order  INTEGER REFERENCES orders (id),
    awaiting_since  INTEGER,
    last_at         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX conversations_recent ON conversations (last_at);

CREATE TABLE support_messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    author          TEXT    NOT NULL CHECK (author IN ('customer', 'operator', 'bot')),
    author_name     TEXT    NOT NULL DEFAULT '',
    body            TEXT    NOT NULL,
    -- The customer's message id in the chat: the same update handled twice is one message.
    chat_message_id INTEGER,
    request_id      INTEGER REFERENCES refund_requests (id),
    state           TEXT    NOT NULL DEFAULT 'sent' CHECK (state IN ('sending', 'sent', 'failed')),
    created_at      INTEGER NOT NULL,
    UNIQUE (conversation_id, chat_message_id)
);
CREATE INDEX support_messages_by_conversation ON support_messages (conversation_id, id);

-- A customer's request to refund an order, with its reason; one open request per order.
CREATE TABLE refund_requests (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    reason      TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'approved', 'declined')),
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    decided_by  TEXT CHECK (decided_by IN ('operator', 'customer', 'rule', 'telegram', 'stardeskd')),
    decider     TEXT,
    answer      TEXT,
    -- Why the last try to approve did not go through (Telegram's answer in plain words).
    last_error  TEXT
);
CREATE UNIQUE INDEX refund_requests_one_open ON refund_requests (order_id) WHERE state = 'open';
CREATE INDEX refund_requests_by_state ON refund_requests (state, id);
CREATE INDEX refund_requests_by_customer ON refund_requests (customer_id, created_at);

-- Refunds of many orders at once, item by item, resumable after the window closed half-way.
CREATE TABLE refund_batches (
    id          INTEGER PRIMARY KEY,
    actor       TEXT    NOT NULL CHECK (actor IN ('operator', 'customer', 'rule', 'telegram', 'stardeskd')),
    actor_name  TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'discarded')),
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE TABLE refund_batch_items (
    batch_id INTEGER NOT NULL REFERENCES refund_batches (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    position INTEGER NOT NULL,
    state    TEXT    NOT NULL DEFAULT 'pending'
             CHECK (state IN ('pending', 'refunded', 'already', 'failed', 'skipped')),
    message  TEXT    NOT NULL DEFAULT '',
    done_at  INTEGER,
    PRIMARY KEY (batch_id, order_id)
);
CREATE INDEX refund_batch_items_pending ON refund_batch_items (batch_id, position) WHERE state = 'pending';
