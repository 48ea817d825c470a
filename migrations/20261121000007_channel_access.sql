-- no-transaction
-- Channel access: a one-time product that lets its buyer into a private channel for good, with
-- one-person invites like a subscription's, and out again (once) when the order is refunded.
--
-- SQLite cannot change a CHECK, so products is rebuilt: a new table, the rows copied, the old one
-- dropped and the new one renamed. Foreign keys are off meanwhile (SQLite's own recipe), so that
-- codes, holds, orders and files keep pointing at `products` by name; the whole change is one
-- transaction, checked for dangling keys before it commits. The file runs outside sqlx's
-- transaction because `PRAGMA foreign_keys` does nothing inside one. Re-runnable: should the
-- process die after COMMIT but before sqlx notes the migration, running it again changes nothing.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE products_new (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT    NOT NULL CHECK (kind IN ('text', 'code', 'file', 'channel')),
    title              TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 32),
    description        TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 255),
    price              INTEGER NOT NULL CHECK (price BETWEEN 1 AND 10000),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- NULL: no limit per customer.
    per_customer_limit INTEGER CHECK (per_customer_limit IS NULL OR per_customer_limit >= 1),
    -- Units left for text, file and channel products (NULL: unlimited). Code products count their pool.
    stock              INTEGER CHECK (stock IS NULL OR stock >= 0),
    -- What a text product delivers (a link, a secret, instructions).
    content            TEXT,
    -- The channel a channel-access product lets its buyers into; no other kind has one.
    channel_id         INTEGER REFERENCES channels (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    CHECK ((kind = 'channel') = (channel_id IS NOT NULL))
);
INSERT INTO products_new (id, kind, title, description, price, active, per_customer_limit, stock,
                          content, created_at, updated_at)
    SELECT id, kind, title, description, price, active, per_customer_limit, stock, content,
           created_at, updated_at
    FROM products;
DROP TABLE products;
ALTER TABLE products_new RENAME TO products;
CREATE INDEX IF NOT EXISTS products_by_channel ON products (channel_id) WHERE channel_id IS NOT NULL;

-- A channel-access order's invites, found by the order.
CREATE INDEX IF NOT EXISTS invites_by_order ON invites (order_id) WHERE order_id IS NOT NULL;

-- A refunded channel-access order's buyer taken out of its channel: claimed in the refund's own
-- transaction (with who refunded and why), carried out once (banned and unbanned, open invites
-- revoked), `removed_at` set with the audit line.
CREATE TABLE IF NOT EXISTS access_removals (
    order_id    INTEGER PRIMARY KEY REFERENCES orders (id),
    channel_id  INTEGER NOT NULL REFERENCES channels (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    why         TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    removed_at  INTEGER
);
CREATE INDEX IF NOT EXISTS access_removals_open ON access_removals (order_id) WHERE removed_at IS NULL;

-- Nothing may point at a row that is not there: a dangling key fails the CHECK and the migration.
CREATE TEMP TABLE foreign_keys_checked (dangling INTEGER NOT NULL CHECK (dangling = 0));
INSERT INTO foreign_keys_checked SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE foreign_keys_checked;

COMMIT;
PRAGMA foreign_keys = ON;
