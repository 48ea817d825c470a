-- Referral commissions and promo codes. A commission line, a promo use and store credit taken
-- are written in the payment's own transaction; a refund's reversal in the refund's.

-- Every customer's personal referral code (`t.me/<bot>?start=r_<code>`), made the first time
-- it is asked for.
ALTER TABLE customers ADD COLUMN referral_code TEXT;
CREATE UNIQUE INDEX customers_by_referral_code ON customers (referral_code) WHERE referral_code IS NOT NULL;

-- Who brought whom: a new customer who arrived through a referrer's link (first link wins).
-- Commissions are earned on their payments until `ends_at`.
CREATE TABLE referrals (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id), -- the referred customer
    referrer_id INTEGER NOT NULL REFERENCES customers (id),
    created_at  INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    CHECK (customer_id <> referrer_id)
);
CREATE INDEX referrals_by_referrer ON referrals (referrer_id, created_at);

-- Per-product and per-plan commission rates (NULL: the shop's default), whole percent 0..50.
ALTER TABLE products ADD COLUMN referral_percent INTEGER CHECK (referral_percent IS NULL OR referral_percent BETWEEN 0 AND 50);
ALTER TABLE plans ADD COLUMN referral_percent INTEGER CHECK (referral_percent IS NULL OR referral_percent BETWEEN 0 AND 50);

-- A referrer's ledger, in thousandths of a Star: a commission earned on an order, and its
-- reversal when the order is refunded (a negative line, once per order). A line is pending until
-- `available_at` (the hold), then available.
CREATE TABLE commissions (
    id           INTEGER PRIMARY KEY,
    referrer_id  INTEGER NOT NULL REFERENCES customers (id),
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('earned', 'reversed')),
    millistars   INTEGER NOT NULL,
    percent      INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (order_id, kind),
    CHECK ((kind = 'earned') = (millistars >= 0))
);
CREATE INDEX commissions_by_referrer ON commissions (referrer_id, created_at);

-- What the merchant paid a referrer, in whole Stars: as store credit (taken off their next
-- purchases) or outside Stardesk (a gift, a transfer), with who marked it and why.
CREATE TABLE payouts (
    id          INTEGER PRIMARY KEY,
    referrer_id INTEGER NOT NULL REFERENCES customers (id),
    stars       INTEGER NOT NULL CHECK (stars > 0),
    method      TEXT    NOT NULL CHECK (method IN ('credit', 'outside')),
    note        TEXT    NOT NULL DEFAULT '',
    actor       TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX payouts_by_referrer ON payouts (referrer_id, created_at);
CREATE INDEX payouts_by_created ON payouts (created_at);

-- Promo codes: a percentage or a number of Stars off (never below 1 Star), on everything or on
-- chosen products and plans, within dates, with a total and a per-customer limit.
CREATE TABLE promos (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(code) BETWEEN 3 AND 32),
    percent_off         INTEGER CHECK (percent_off IS NULL OR percent_off BETWEEN 1 AND 99),
    stars_off           INTEGER CHECK (stars_off IS NULL OR stars_off BETWEEN 1 AND 10000),
    all_items           INTEGER NOT NULL DEFAULT 1 CHECK (all_items IN (0, 1)),
    valid_from          INTEGER,
    valid_until         INTEGER,
    max_uses            INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
    per_customer        INTEGER CHECK (per_customer IS NULL OR per_customer >= 1),
    first_purchase_only INTEGER NOT NULL DEFAULT 0 CHECK (first_purchase_only IN (0, 1)),
    -- Codes generated together share their batch (the prefix and when).
    batch               TEXT,
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((percent_off IS NULL) <> (stars_off IS NULL))
);
CREATE INDEX promos_by_batch ON promos (batch) WHERE batch IS NOT NULL;

-- What a promo code applies to when not everything.
CREATE TABLE promo_items (
    promo_id   INTEGER NOT NULL REFERENCES promos (id),
    product_id INTEGER REFERENCES products (id),
    plan_id    INTEGER REFERENCES plans (id),
    CHECK ((product_id IS NULL) <> (plan_id IS NULL))
);
CREATE UNIQUE INDEX promo_items_unique ON promo_items (promo_id, coalesce(product_id, 0), coalesce(plan_id, 0));

-- The code a customer applied in the chat, used on their next invoices while it is valid.
CREATE TABLE applied_promos (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
    promo_id    INTEGER NOT NULL REFERENCES promos (id),
    applied_at  INTEGER NOT NULL
);

-- A promo use: one per order, written in the payment's transaction.
CREATE TABLE promo_uses (
    id          INTEGER PRIMARY KEY,
    promo_id    INTEGER NOT NULL REFERENCES promos (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    order_id    INTEGER NOT NULL UNIQUE REFERENCES orders (id),
    list_price  INTEGER NOT NULL,
    discount    INTEGER NOT NULL CHECK (discount >= 0),
    created_at  INTEGER NOT NULL
);
CREATE INDEX promo_uses_by_promo ON promo_uses (promo_id, customer_id);

-- A promo use and store credit kept for an invoice between its pre-checkout and its payment,
-- like a unit of stock: two customers racing for the last use, one gets it.
CREATE TABLE checkout_holds (
    nonce       TEXT    PRIMARY KEY, -- the invoice's, from its payload
    customer_id INTEGER NOT NULL,
    promo_id    INTEGER REFERENCES promos (id),
    credit      INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
    state       TEXT    NOT NULL CHECK (state IN ('active', 'converted', 'released')),
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX checkout_holds_by_promo ON checkout_holds (promo_id, state) WHERE promo_id IS NOT NULL;
CREATE INDEX checkout_holds_by_customer ON checkout_holds (customer_id, state);

-- Store credit taken by an order (whole Stars); `stars` stays what Telegram charged. An order
-- covered wholly by credit has no charge in Telegram: its charge id is `credit-<nonce>` and
-- `stars` is 0. A refunded order's credit is the customer's again.
ALTER TABLE orders ADD COLUMN credit_stars INTEGER NOT NULL DEFAULT 0 CHECK (credit_stars >= 0);
CREATE INDEX orders_with_credit ON orders (customer_id) WHERE credit_stars > 0;

-- A subscription bought with a promo renews at its discounted price; the promo is remembered.
ALTER TABLE subscriptions ADD COLUMN promo_id INTEGER REFERENCES promos (id);

-- "Have a promo code?" tapped on a card: the customer's next message is taken as the code (for
-- ten minutes), and the card is shown again with the new price.
CREATE TABLE promo_prompts (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
    product_id  INTEGER REFERENCES products (id),
    asked_at    INTEGER NOT NULL
);
