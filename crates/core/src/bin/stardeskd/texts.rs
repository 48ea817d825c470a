//! `stardeskd texts`: what the bot says (welcome, /terms, /paysupport, /help, the refund policy)
//! in English, German and Russian from a terminal, checked as in the window (Telegram's HTML, the
//! allowed tags) and recorded as done by stardeskd.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use stardesk_core::{audit::Who, desk::Desk, settings, texts::Lang};

#[derive(Args, Debug)]
pub struct TextsArgs {
    #[command(subcommand)]
    action: Option<TextAction>,
}

#[derive(Subcommand, Debug)]
enum TextAction {
    /// Prints one text as the bot says it in a language (with its tags).
    Show {
        key: String,
        /// en, de or ru.
        #[arg(long, default_value = "en", value_name = "LANG")]
        lang: String,
    },
    /// Sets a text in a language: the TEXT given, or the contents of --file. It may use <b>,
    /// <i>, <u>, <s>, <a href="https://…"> and <code>; write &lt; and &amp; for a < or & shown
    /// as it is. A language without its own text says the English one.
    Set {
        /// welcome, terms, refunds, paysupport or help.
        key: String,
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        text: Option<String>,
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// en, de or ru.
        #[arg(long, default_value = "en", value_name = "LANG")]
        lang: String,
    },
    /// Goes back to the English text (German, Russian) or the built-in one.
    Reset {
        key: String,
        /// en, de or ru.
        #[arg(long, default_value = "en", value_name = "LANG")]
        lang: String,
    },
}

pub async fn texts(desk: &Desk, args: &TextsArgs) -> anyhow::Result<()> {
    let store = desk.store();
    let who = Who::stardeskd();
    match &args.action {
        None => {
            for t in settings::texts(&store.read).await? {
                let first = t.body.lines().next().unwrap_or_default();
                let first: String = first.chars().take(56).collect();
                let source = match (t.custom, t.from_english) {
                    (true, _) => "yours",
                    (false, true) => "english",
                    (false, false) => "built-in",
                };
                println!("{:<3} {:<11} {source:<9} {first}", t.lang.code(), t.key);
            }
        }
        Some(TextAction::Show { key, lang }) => {
            let lang = Lang::parse(lang)?;
            let t = settings::texts(&store.read)
                .await?
                .into_iter()
                .find(|t| &t.key == key && t.lang == lang)
                .ok_or_else(|| anyhow::anyhow!("There is no bot text called \"{key}\"."))?;
            println!("{}", t.body);
        }
        Some(TextAction::Set {
            key,
            text,
            file,
            lang,
        }) => {
            let lang = Lang::parse(lang)?;
            let body = match (text, file) {
                (_, Some(path)) => std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
                (Some(t), None) => t.clone(),
                (None, None) => unreachable!("clap requires one"),
            };
            settings::set_text(&store, &who, key, lang, &body).await?;
            println!(
                "{key} ({}): saved; the bot answers with it from now on",
                lang.name()
            );
        }
        Some(TextAction::Reset { key, lang }) => {
            let lang = Lang::parse(lang)?;
            settings::reset_text(&store, &who, key, lang).await?;
            let back_to = match lang {
                Lang::En => "the built-in text",
                _ => "the English text, or the built-in one",
            };
            println!("{key} ({}): back to {back_to}", lang.name());
        }
    }
    Ok(())
}
