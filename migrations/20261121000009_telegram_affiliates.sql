-- Telegram's own affiliate program: Telegram pays an affiliate (a user, a bot or a channel) a
-- share of the payments of the customers they brought, and reports it only on the bot's Star
-- transactions (AffiliateInfo), never in successful_payment. Reconciliation reads the ledger and
-- writes here, once per order, what Telegram took, so the shop's figures can say what it really
-- received. This is not the shop's own referral program (`commissions`): the merchant pays nothing.

CREATE TABLE telegram_affiliates (
    order_id             INTEGER PRIMARY KEY REFERENCES orders (id),
    -- affiliate_user (a user or a bot) or affiliate_chat (a channel).
    kind                 TEXT    NOT NULL CHECK (kind IN ('user', 'chat')),
    affiliate_id         INTEGER NOT NULL, -- the Telegram id of that user or chat
    affiliate_name       TEXT    NOT NULL, -- as Telegram named them on the transaction
    commission_per_mille INTEGER NOT NULL CHECK (commission_per_mille BETWEEN 1 AND 1000),
    -- What the affiliate received: whole Stars (rounded toward zero, as Telegram reports it) and
    -- the rest in billionths of a Star.
    amount               INTEGER NOT NULL CHECK (amount >= 0),
    nanostar_amount      INTEGER NOT NULL DEFAULT 0 CHECK (nanostar_amount BETWEEN 0 AND 999999999),
    recorded_at          INTEGER NOT NULL
);
-- The report's rows: one per affiliate.
CREATE INDEX telegram_affiliates_by_affiliate ON telegram_affiliates (kind, affiliate_id);
