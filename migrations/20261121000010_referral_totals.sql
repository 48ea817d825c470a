-- Each referral's running totals, kept in the payment's and the refund's own transaction: the
-- orders and Stars the referred customer paid (refunds taken off) and the commission they earned
-- their referrer (reversals taken off). The Referrals page sums one row per referred customer
-- instead of every order they paid, and a referrer's pending commission is read from the lines
-- still on hold alone.
ALTER TABLE referrals ADD COLUMN orders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN stars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN millistars INTEGER NOT NULL DEFAULT 0;
UPDATE referrals SET
    orders = (SELECT count(*) FROM orders o
              WHERE o.customer_id = referrals.customer_id AND o.status <> 'refunded'),
    stars = (SELECT coalesce(sum(o.stars), 0) FROM orders o
             WHERE o.customer_id = referrals.customer_id AND o.status <> 'refunded'),
    millistars = (SELECT coalesce(sum(k.millistars), 0) FROM commissions k
                  JOIN orders o ON o.id = k.order_id
                  WHERE o.customer_id = referrals.customer_id AND k.referrer_id = referrals.referrer_id);
CREATE INDEX commissions_on_hold ON commissions (referrer_id, available_at, millistars);
