-- How many codes each product has on sale, kept by the codes table's own triggers whatever
-- changes a code (a sale, a hold, an import, a removal, an undo), so that a product's card and
-- checkout read its stock in one row instead of counting its codes.
ALTER TABLE products ADD COLUMN codes_on_sale INTEGER NOT NULL DEFAULT 0;

UPDATE products SET codes_on_sale = (
    SELECT count(*) FROM codes c
    WHERE c.product_id = products.id AND c.state = 'available' AND c.removed_at IS NULL);

CREATE TRIGGER codes_on_sale_insert AFTER INSERT ON codes
WHEN NEW.state = 'available' AND NEW.removed_at IS NULL
BEGIN
    UPDATE products SET codes_on_sale = codes_on_sale + 1 WHERE id = NEW.product_id;
END;

CREATE TRIGGER codes_on_sale_delete AFTER DELETE ON codes
WHEN OLD.state = 'available' AND OLD.removed_at IS NULL
BEGIN
    UPDATE products SET codes_on_sale = codes_on_sale - 1 WHERE id = OLD.product_id;
END;

CREATE TRIGGER codes_on_sale_update AFTER UPDATE OF state, removed_at, product_id ON codes
WHEN (OLD.state = 'available' AND OLD.removed_at IS NULL)
         IS NOT (NEW.state = 'available' AND NEW.removed_at IS NULL)
     OR OLD.product_id IS NOT NEW.product_id
BEGIN
    UPDATE products SET codes_on_sale = codes_on_sale - 1
    WHERE id = OLD.product_id AND OLD.state = 'available' AND OLD.removed_at IS NULL;
    UPDATE products SET codes_on_sale = codes_on_sale + 1
    WHERE id = NEW.product_id AND NEW.state = 'available' AND NEW.removed_at IS NULL;
END;
