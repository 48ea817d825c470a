-- Who asked for a delivery beyond the one a payment makes by itself: the merchant's "deliver
-- again" from the window or stardeskd, a customer's "get again" from /purchases. Both NULL: the
-- delivery the payment made (or the apology of a refund for want of stock).
ALTER TABLE deliveries ADD COLUMN asked_actor TEXT;
ALTER TABLE deliveries ADD COLUMN asked_by TEXT;
