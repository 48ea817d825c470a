-- The core's reshape: an inbox that can tell a new update sequence from an old one, deliveries
-- recorded message by message, refunds recorded with who asked and why, the ledger cursor kept per bot.

-- The inbox keyed by the bot, Telegram's update id and the update's own digest: a sequence that
-- starts again (a restarted simulator, Telegram after a week of silence) is never taken for updates
-- already handled, while the same update delivered twice still is. Handlers refer to a row by `id`.
ALTER TABLE inbox RENAME TO inbox_before_core;
DROP INDEX inbox_pending;
CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    bot_id      INTEGER NOT NULL,
    update_id   INTEGER NOT NULL,
    digest      TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    received_at INTEGER NOT NULL,
    done_at     INTEGER,
    UNIQUE (bot_id, update_id, digest)
);
CREATE INDEX inbox_pending ON inbox (bot_id, id) WHERE state = 'pending';
CREATE INDEX inbox_done ON inbox (done_at) WHERE state = 'done';
-- Unfinished updates of the previous version: replayed by whichever bot starts first (bot 0).
INSERT INTO inbox (bot_id, update_id, digest, body, state, received_at)
    SELECT 0, update_id, 'before-core-' || update_id, body, 'pending', received_at
    FROM inbox_before_core WHERE state = 'pending';
DROP TABLE inbox_before_core;

-- Each message of a delivery is recorded when Telegram accepted it, so a crash repeats at most
-- the one message that was in flight: the goods (or the apology), then the receipt.
ALTER TABLE deliveries ADD COLUMN message_sent_at INTEGER;
ALTER TABLE deliveries ADD COLUMN receipt_sent_at INTEGER;
UPDATE deliveries SET message_sent_at = sent_at, receipt_sent_at = sent_at WHERE state = 'sent';

-- Every refund, once per order: who asked (operator, customer, rule, telegram, stardeskd), why,
-- and whether Telegram has confirmed it.
CREATE TABLE refunds (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL UNIQUE REFERENCES orders (id),
    charge_id  TEXT    NOT NULL,
    stars      INTEGER NOT NULL CHECK (stars >= 0),
    actor      TEXT    NOT NULL CHECK (actor IN ('operator', 'customer', 'rule', 'telegram', 'stardeskd')),
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO refunds (order_id, charge_id, stars, actor, reason, created_at)
    SELECT id, charge_id, stars,
           CASE WHEN refund_reason IN ('out_of_stock', 'unknown_product') THEN 'rule' ELSE 'telegram' END,
           coalesce(refund_reason, 'refunded'), coalesce(refunded_at, created_at)
    FROM orders WHERE status = 'refunded';

-- The ledger cursor belonged to whichever bot ran last; it is kept per bot now
-- (`ledger_cursor:<bot id>`), and reading the ledger again from the start is harmless.
DELETE FROM settings WHERE key = 'ledger_cursor';
