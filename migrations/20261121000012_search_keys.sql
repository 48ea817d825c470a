-- Each customer's name and username folded for search (lowercase, accents removed: see
-- `search::fold`), written with the name. Folding needs Unicode tables SQLite does not have, so
-- the rows a shop already holds are keyed by the application when it opens the file; the
-- partial index finds the ones still without a key at once, and stays empty afterwards.
ALTER TABLE customers ADD COLUMN search_key TEXT;
CREATE INDEX customers_unkeyed ON customers (id) WHERE search_key IS NULL;
-- An order is found by the code it delivered, typed in any case.
CREATE INDEX codes_by_code ON codes (code COLLATE NOCASE);
