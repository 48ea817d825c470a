-- The bot speaks English, German and Russian. The merchant's own texts are kept per language;
-- those written before are English. A language without its own text says the English one the
-- merchant wrote, or else the built-in text in its language.
CREATE TABLE bot_texts_new (
    key        TEXT    NOT NULL CHECK (key IN ('welcome', 'terms', 'paysupport', 'help', 'refunds')),
    lang       TEXT    NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'de', 'ru')),
    body       TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (key, lang)
);
INSERT INTO bot_texts_new (key, lang, body, updated_at)
    SELECT key, 'en', body, updated_at FROM bot_texts;
DROP TABLE bot_texts;
ALTER TABLE bot_texts_new RENAME TO bot_texts;
