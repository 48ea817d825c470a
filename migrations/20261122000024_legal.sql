-- The legal block in the chat. The refund policy joins the bot's texts (it goes out with /terms
-- and under each card's Terms button); the seller's details and the acceptance switch are
-- settings. A customer's acceptance is kept per version of the terms: a new version (the terms
-- or the refund policy changed) asks again.
CREATE TABLE bot_texts_new (
    key        TEXT    PRIMARY KEY CHECK (key IN ('welcome', 'terms', 'paysupport', 'help', 'refunds')),
    body       TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
    updated_at INTEGER NOT NULL
);
INSERT INTO bot_texts_new (key, body, updated_at) SELECT key, body, updated_at FROM bot_texts;
DROP TABLE bot_texts;
ALTER TABLE bot_texts_new RENAME TO bot_texts;

CREATE TABLE terms_acceptances (
    customer_id INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    accepted_at INTEGER NOT NULL,
    PRIMARY KEY (customer_id, version)
) WITHOUT ROWID;
CREATE INDEX terms_acceptances_by_version ON terms_acceptances (version);
