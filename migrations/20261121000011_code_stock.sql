-- A code taken out of its pool is kept, never sold: `removal_id` groups the codes one removal
-- took, so that undoing it puts back exactly those.
ALTER TABLE codes ADD COLUMN removed_at INTEGER;
ALTER TABLE codes ADD COLUMN removal_id INTEGER;
CREATE INDEX codes_by_removal ON codes (removal_id) WHERE removal_id IS NOT NULL;
-- The codes on sale, counted for every product card without reading the rest of the pool.
CREATE INDEX codes_on_sale ON codes (product_id) WHERE state = 'available' AND removed_at IS NULL;

-- Low stock: a sale that leaves this many units or fewer warns the merchant, once, until the
-- stock is back above it; 0 never warns.
ALTER TABLE products ADD COLUMN low_stock INTEGER NOT NULL DEFAULT 5 CHECK (low_stock >= 0);
ALTER TABLE products ADD COLUMN low_stock_warned INTEGER NOT NULL DEFAULT 0 CHECK (low_stock_warned IN (0, 1));
