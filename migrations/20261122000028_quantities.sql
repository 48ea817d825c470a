-- Code products bought in quantity: one invoice, one order, N distinct codes. Each unit has
-- its own hold (the invoice's nonce, then `<nonce>.2` … `<nonce>.N`), so lapses, limits and
-- stock count units as before. `orders.quantity` is 1 for every earlier order; every code an
-- order sold names it (`codes.order_id`); the first is still `orders.code_id`.
ALTER TABLE orders ADD COLUMN quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 10);
ALTER TABLE codes ADD COLUMN order_id INTEGER REFERENCES orders (id);
CREATE INDEX codes_by_order ON codes (order_id) WHERE order_id IS NOT NULL;
