-- The shop's whole state: catalog, stock, customers, orders, deliveries, the update inbox,
-- settings and the bot's texts. Times are UTC unix seconds; money is whole Stars.

CREATE TABLE products (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT    NOT NULL CHECK (kind IN ('text', 'code', 'file')),
    title              TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 32),
    description        TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 255),
    price              INTEGER NOT NULL CHECK (price BETWEEN 1 AND 10000),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- NULL: no limit per customer.
    per_customer_limit INTEGER CHECK (per_customer_limit IS NULL OR per_customer_limit >= 1),
    -- Units left for text and file products (NULL: unlimited). Code products count their pool.
    stock              INTEGER CHECK (stock IS NULL OR stock >= 0),
    -- What a text product delivers (a link, a secret, instructions).
    content            TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

-- The file a file product delivers; kept apart so catalog queries never read the bytes.
CREATE TABLE product_files (
    product_id       INTEGER PRIMARY KEY REFERENCES products (id),
    file_name        TEXT    NOT NULL,
    mime_type        TEXT    NOT NULL,
    data             BLOB    NOT NULL,
    -- Telegram's id for the uploaded file, so later deliveries resend it without uploading.
    telegram_file_id TEXT
);

CREATE TABLE codes (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    code       TEXT    NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'held', 'sold')),
    hold_id    INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (product_id, code)
);
CREATE INDEX codes_by_state ON codes (product_id, state);

CREATE TABLE customers (
    id            INTEGER PRIMARY KEY, -- the Telegram user id
    first_name    TEXT    NOT NULL,
    username      TEXT,
    language_code TEXT,
    blocked       INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL
);

-- One unit of stock held for a customer between a "yes" at pre-checkout and the payment.
CREATE TABLE holds (
    id          INTEGER PRIMARY KEY,
    nonce       TEXT    NOT NULL UNIQUE, -- the invoice's, from its payload
    product_id  INTEGER NOT NULL REFERENCES products (id),
    customer_id INTEGER NOT NULL,
    code_id     INTEGER REFERENCES codes (id),
    state       TEXT    NOT NULL CHECK (state IN ('active', 'converted', 'released')),
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX holds_active ON holds (product_id, state, expires_at);
CREATE INDEX holds_by_customer ON holds (customer_id, product_id, state);

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY, -- the order number customers see
    charge_id          TEXT    NOT NULL UNIQUE, -- telegram_payment_charge_id: one order per payment
    provider_charge_id TEXT,
    customer_id        INTEGER NOT NULL REFERENCES customers (id),
    product_id         INTEGER REFERENCES products (id),
    product_title      TEXT    NOT NULL,
    stars              INTEGER NOT NULL CHECK (stars >= 0),
    payload            TEXT    NOT NULL,
    code_id            INTEGER REFERENCES codes (id),
    status             TEXT    NOT NULL CHECK (status IN ('paid', 'delivered', 'failed', 'refunded')),
    recovered          INTEGER NOT NULL DEFAULT 0 CHECK (recovered IN (0, 1)),
    refund_reason      TEXT,
    created_at         INTEGER NOT NULL,
    delivered_at       INTEGER,
    refunded_at        INTEGER
);
CREATE UNIQUE INDEX orders_one_per_code ON orders (code_id) WHERE code_id IS NOT NULL;
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX orders_by_created ON orders (created_at);
CREATE INDEX orders_by_product ON orders (product_id, customer_id);

-- A message owed to a customer for an order: the goods with the receipt, an apology, a resend.
CREATE TABLE deliveries (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('goods', 'apology')),
    state      TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);
CREATE INDEX deliveries_by_order ON deliveries (order_id);
CREATE INDEX deliveries_open ON deliveries (state) WHERE state IN ('pending', 'sending');

-- Every update fetched from Telegram, written before the offset moves past it.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    body        TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    received_at INTEGER NOT NULL,
    done_at     INTEGER
);
CREATE INDEX inbox_pending ON inbox (update_id) WHERE state = 'pending';

-- What the merchant must look at: a delivery that gave up, a payment refunded because nothing was left.
CREATE TABLE attention (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    order_id    INTEGER REFERENCES orders (id),
    message     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE INDEX attention_open ON attention (created_at) WHERE resolved_at IS NULL;

-- Revenue per UTC day, kept up to date in the order's own transaction.
CREATE TABLE revenue_daily (
    day            TEXT    PRIMARY KEY, -- YYYY-MM-DD, UTC
    orders         INTEGER NOT NULL DEFAULT 0,
    stars          INTEGER NOT NULL DEFAULT 0,
    refunds        INTEGER NOT NULL DEFAULT 0,
    refunded_stars INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Texts the bot answers with, editable by the merchant.
CREATE TABLE bot_texts (
    key        TEXT    PRIMARY KEY CHECK (key IN ('welcome', 'terms', 'paysupport', 'help')),
    body       TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
    updated_at INTEGER NOT NULL
);
