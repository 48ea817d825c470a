-- Tips ("Support us"): a customer who tapped "Other amount" types the amount next; the prompt
-- is kept for ten minutes and taken once. Tip orders are the orders whose payload starts with
-- `t1.`; the revenue rollup counts them under plan_id -1 (products 0), their own item.
CREATE TABLE tip_prompts (
    customer_id INTEGER PRIMARY KEY,
    asked_at    INTEGER NOT NULL
);
