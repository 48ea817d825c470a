-- What always follows a write in the checkout's path follows it inside SQLite, in the same
-- statement: the one writer runs fewer statements per purchase.

-- A hold inserted with a code keeps that code.
CREATE TRIGGER holds_keep_code AFTER INSERT ON holds WHEN NEW.code_id IS NOT NULL
BEGIN
    UPDATE codes SET state = 'held', hold_id = NEW.id WHERE id = NEW.code_id;
END;

-- An order given its code has sold it.
CREATE TRIGGER orders_sell_code AFTER UPDATE OF code_id ON orders
WHEN NEW.code_id IS NOT NULL AND NEW.code_id IS NOT OLD.code_id
BEGIN
    UPDATE codes SET state = 'sold' WHERE id = NEW.code_id;
END;

-- A goods delivery that went out delivers its order (unless it was refunded meanwhile).
CREATE TRIGGER deliveries_deliver_order AFTER UPDATE OF state ON deliveries
WHEN NEW.state = 'sent' AND OLD.state <> 'sent' AND NEW.kind = 'goods'
BEGIN
    UPDATE orders SET status = 'delivered', delivered_at = coalesce(delivered_at, NEW.sent_at)
    WHERE id = NEW.order_id AND status IN ('paid', 'failed');
END;
