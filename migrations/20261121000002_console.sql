-- Indexes behind the desktop console's lists: orders filtered by status or product and sorted by
-- date or amount, and each customer's order count and total spent read from an index alone.

CREATE INDEX orders_by_status ON orders (status, created_at);
CREATE INDEX orders_by_product_created ON orders (product_id, created_at);
CREATE INDEX orders_by_stars ON orders (stars);
CREATE INDEX orders_customer_totals ON orders (customer_id, status, stars);
CREATE INDEX customers_by_last_seen ON customers (last_seen);
