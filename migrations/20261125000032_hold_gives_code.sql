-- A hold converted by a payment records the order it became, and gives that order the code it
-- kept: the payment's conversion and the order's code are one statement instead of two (the
-- code is then marked sold by the order's own trigger, `orders_sell_code`). Holds converted
-- without an order (none today) give nothing.
ALTER TABLE holds ADD COLUMN order_id INTEGER REFERENCES orders (id);

CREATE TRIGGER holds_give_code AFTER UPDATE OF state ON holds
WHEN NEW.state = 'converted' AND OLD.state = 'active'
    AND NEW.order_id IS NOT NULL AND NEW.code_id IS NOT NULL
BEGIN
    UPDATE orders SET code_id = NEW.code_id WHERE id = NEW.order_id;
END;
