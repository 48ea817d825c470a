//! Shop settings and the bot's editable texts (welcome, /terms, /paysupport, /help, and the
//! refund policy that goes out with /terms).

use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    texts::Lang,
};

pub const TEXT_KEYS: [&str; 5] = ["welcome", "terms", "refunds", "paysupport", "help"];

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BotText {
    pub key: String,
    pub lang: Lang,
    /// What the bot says in this language now.
    pub body: String,
    /// True when the merchant wrote this text in this language.
    pub custom: bool,
    /// True when, for lack of its own, this language says the merchant's English text.
    pub from_english: bool,
}

/// Setting: a desktop notification for each new sale ("1" or "0"; on unless turned off).
pub const NOTIFY_SALES: &str = "notify_sales";

/// The longest bot text, in UTF-16 units as Telegram counts them: the welcome goes out with the
/// catalog's heading in one message of at most 4,096.
pub const MAX_TEXT: usize = 3000;

/// What the bot says for `key` to a customer in `lang`: the merchant's text in that language,
/// else their English one, else the built-in text in that language.
pub async fn text(db: impl SqliteExecutor<'_>, key: &str, lang: Lang) -> Result<String> {
    Ok(db::settings::text(db, key, lang.code())
        .await?
        .unwrap_or_else(|| crate::texts::default_text(lang, key)))
}

/// Every bot text in every language, as the bot says it now.
pub async fn texts(db: impl SqliteExecutor<'_>) -> Result<Vec<BotText>> {
    let rows = db::settings::texts(db).await?;
    let own = |key: &str, lang: Lang| {
        rows.iter()
            .find(|(k, l, _)| k == key && l == lang.code())
            .map(|(_, _, body)| body.clone())
    };
    let mut out = Vec::new();
    for lang in Lang::ALL {
        for key in TEXT_KEYS {
            let english = own(key, Lang::En).filter(|_| lang != Lang::En);
            out.push(match (own(key, lang), english) {
                (Some(body), _) => BotText {
                    key: key.to_string(),
                    lang,
                    body,
                    custom: true,
                    from_english: false,
                },
                (None, Some(body)) => BotText {
                    key: key.to_string(),
                    lang,
                    body,
                    custom: false,
                    from_english: true,
                },
                (None, None) => BotText {
                    key: key.to_string(),
                    lang,
                    body: crate::texts::default_text(lang, key),
                    custom: false,
                    from_english: false,
                },
            });
        }
    }
    Ok(out)
}

fn known_key(key: &str) -> Result<()> {
    if !TEXT_KEYS.contains(&key) {
        return Err(Error::invalid(format!(
            "There is no bot text called \"{key}\"."
        )));
    }
    Ok(())
}

/// A bot text as the trail names it: "the welcome text", "the /terms text (German)".
fn text_subject(key: &str, lang: Lang) -> String {
    let subject = match key {
        "welcome" => "the welcome text".into(),
        "refunds" => "the refund policy".into(),
        other => format!("the /{other} text"),
    };
    match lang {
        Lang::En => subject,
        other => format!("{subject} ({})", other.name()),
    }
}

/// A bot text as it would be saved: trimmed, its formatting valid Telegram HTML (the bot's
/// allowed tags, see [`crate::texts::html`]) and short enough once the tags are taken out.
pub fn check_text(key: &str, body: &str) -> Result<String> {
    known_key(key)?;
    check_html(body)
}

/// A text the merchant writes for the bot, checked as the bot texts are (see [`check_text`]).
pub fn check_html(body: &str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::invalid("The text cannot be empty."));
    }
    let checked = crate::texts::html::check(body).map_err(Error::invalid)?;
    if checked.is_empty() {
        return Err(Error::invalid(
            "The text has nothing to read once its tags are taken out.",
        ));
    }
    // Telegram counts what is read (an emoji as two); the shop keeps the text with its tags.
    if checked.len() > MAX_TEXT || body.chars().count() > MAX_TEXT {
        return Err(Error::invalid(
            "The text is too long: at most 3,000 characters, tags included, where Telegram \
             counts an emoji or a rare symbol as two.",
        ));
    }
    Ok(body.to_string())
}

/// What goes out with a bot text, as the bot sends it: the command that asks for it, the HTML
/// that follows it in the same message, and the buttons under that message.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TextUse {
    pub key: String,
    /// What the customer sends to get it: "/start", "/terms".
    pub command: String,
    /// Telegram HTML after a blank line in the same message, if any.
    pub after: Option<String>,
    /// The buttons under the message, one row each, as the shop's catalog stands now.
    pub buttons: Vec<String>,
}

/// Each bot text with what the bot sends along with it (see `bot::handlers`).
pub async fn text_uses(store: &Store, lang: Lang) -> Result<Vec<TextUse>> {
    let products = crate::catalog::list(&store.read, false).await?;
    let plans: Vec<_> = crate::subscriptions::plans(store)
        .await?
        .into_iter()
        .filter(|p| p.active)
        .collect();
    let window = crate::refunds::policy::get(store).await?.window_days;
    let catalog: Vec<String> = products
        .iter()
        .map(crate::texts::catalog_button)
        .chain(
            plans
                .iter()
                .map(|p| crate::texts::plan_button(lang, &p.title, p.price)),
        )
        .collect();
    Ok(TEXT_KEYS
        .iter()
        .map(|&key| {
            let (after, buttons) = match key {
                "welcome" => (
                    Some(crate::texts::catalog_tail(lang, catalog.len())),
                    catalog.clone(),
                ),
                "paysupport" => (
                    Some(crate::texts::paysupport_tail(lang, window)),
                    Vec::new(),
                ),
                _ => (None, Vec::new()),
            };
            TextUse {
                key: key.to_string(),
                command: match key {
                    "welcome" => "/start".into(),
                    // The refund policy goes out with the terms.
                    "refunds" => "/terms".into(),
                    key => format!("/{key}"),
                },
                after,
                buttons,
            }
        })
        .collect())
}

/// Sets a bot text in a language; a change is a line of the trail with the old and the new
/// body. A change to the terms or the refund policy, in any language, is a new version of them.
pub async fn set_text(store: &Store, who: &Who, key: &str, lang: Lang, body: &str) -> Result<()> {
    let body = check_text(key, body)?;
    let body = body.as_str();
    let mut tx = store.write.begin().await?;
    let custom = db::settings::own_text(&mut *tx, key, lang.code()).await?;
    if custom.as_deref() == Some(body) {
        return Ok(());
    }
    let before = match custom {
        Some(c) => c,
        None => text(&mut *tx, key, lang).await?,
    };
    db::settings::set_text(&mut *tx, key, lang.code(), body, now()).await?;
    // The text the bot said already, kept as the merchant's own, changes nothing a customer reads.
    if before != body {
        let line = Line {
            action: "bot.text",
            subject: text_subject(key, lang),
            before: Some(before),
            after: Some(body.to_string()),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
        if crate::legal::TERMS_TEXTS.contains(&key) {
            crate::legal::bump_version(&mut tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The bot answers in `lang` with the English text or the built-in one again; recorded when the
/// merchant's own text goes.
pub async fn reset_text(store: &Store, who: &Who, key: &str, lang: Lang) -> Result<()> {
    known_key(key)?;
    let mut tx = store.write.begin().await?;
    let Some(before) = db::settings::own_text(&mut *tx, key, lang.code()).await? else {
        return Ok(());
    };
    db::settings::reset_text(&mut *tx, key, lang.code()).await?;
    let after = text(&mut *tx, key, lang).await?;
    if crate::legal::TERMS_TEXTS.contains(&key) && before != after {
        crate::legal::bump_version(&mut tx).await?;
    }
    let line = Line {
        action: "bot.text_reset",
        subject: text_subject(key, lang),
        before: Some(before),
        after: Some(after),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    Ok(())
}

/// Setting: the merchant has been told once that closing the window keeps the shop selling.
pub const BACKGROUND_NOTICE: &str = "background_notice_given";

/// True the first time only: closing the window says once that the shop keeps selling.
pub async fn first_background_notice(store: &Store) -> Result<bool> {
    db::settings::set_once(&store.write, BACKGROUND_NOTICE, "1").await
}

pub async fn notify_sales(store: &Store) -> Result<bool> {
    Ok(db::settings::get(&store.read, NOTIFY_SALES)
        .await?
        .as_deref()
        != Some("0"))
}

pub async fn set_notify_sales(store: &Store, who: &Who, on: bool) -> Result<()> {
    let mut tx = store.write.begin().await?;
    let was_on = db::settings::get(&mut *tx, NOTIFY_SALES).await?.as_deref() != Some("0");
    if was_on == on {
        return Ok(());
    }
    db::settings::set(&mut *tx, NOTIFY_SALES, if on { "1" } else { "0" }).await?;
    let words = |on: bool| if on { "on" } else { "off" };
    let line = Line {
        action: "settings.notify_sales",
        subject: "notification for each sale".into(),
        before: Some(words(was_on).into()),
        after: Some(words(on).into()),
        reason: "",
    };
    audit::record(&mut *tx, who, line).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn closing_the_window_is_explained_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        assert!(first_background_notice(&store).await.unwrap());
        assert!(!first_background_notice(&store).await.unwrap());
        store.close().await;
        let store = Store::open(dir.path()).await.unwrap();
        assert!(!first_background_notice(&store).await.unwrap());
    }

    #[tokio::test]
    async fn a_text_is_measured_as_telegram_measures_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        // 2,000 emoji: 2,000 characters, 4,000 UTF-16 units; with the heading, no message holds it.
        let who = Who::stardeskd();
        let e = set_text(&store, &who, "welcome", Lang::En, &"🎉".repeat(2000))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("too long"), "{e}");
        set_text(&store, &who, "welcome", Lang::En, &"🎉".repeat(1500))
            .await
            .unwrap();
        assert_eq!(
            text(&store.read, "welcome", Lang::En).await.unwrap(),
            "🎉".repeat(1500)
        );
    }
}
