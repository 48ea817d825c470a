-- What each customer paid, refunds taken off, and how many orders: kept in the order's and the
-- refund's own transactions, so the customers who paid most (Reports' top customers, over any
-- range) are found from the few at the top instead of every order.
ALTER TABLE customers ADD COLUMN paid_orders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN net_stars INTEGER NOT NULL DEFAULT 0;

UPDATE customers SET
    paid_orders = (SELECT COUNT(*) FROM orders o WHERE o.customer_id = customers.id),
    net_stars = coalesce((SELECT SUM(o.stars) FROM orders o
                          WHERE o.customer_id = customers.id AND o.status <> 'refunded'), 0);

CREATE INDEX customers_by_net_stars ON customers (net_stars DESC, id);

-- A customer's orders of a range with what they paid, from the index alone.
DROP INDEX orders_by_customer;
CREATE INDEX orders_by_customer ON orders (customer_id, created_at, stars, status);
