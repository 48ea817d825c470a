-- "Customers also bought": the product the merchant suggests under the receipt of this one.
ALTER TABLE products ADD COLUMN also_bought_id INTEGER REFERENCES products (id);
