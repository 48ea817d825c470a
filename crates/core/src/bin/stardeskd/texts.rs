//! `stardeskd texts`: what the bot says (welcome, /terms, /paysupport, /help) from a terminal,
//! checked as in the window (Telegram's HTML, the allowed tags) and recorded as done by stardeskd.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use stardesk_core::{audit::Who, desk::Desk, settings};

#[derive(Args, Debug)]
pub struct TextsArgs {
    #[command(subcommand)]
    action: Option<TextAction>,
}

#[derive(Subcommand, Debug)]
enum TextAction {
    /// Prints one text as it is kept (with its tags).
    Show { key: String },
    /// Sets a text: the TEXT given, or the contents of --file. It may use <b>, <i>, <u>, <s>,
    /// <a href="https://…"> and <code>; write &lt; and &amp; for a < or & shown as it is.
    Set {
        /// welcome, terms, refunds, paysupport or help.
        key: String,
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        text: Option<String>,
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Goes back to the built-in text.
    Reset { key: String },
}

pub async fn texts(desk: &Desk, args: &TextsArgs) -> anyhow::Result<()> {
    let store = desk.store();
    let who = Who::stardeskd();
    match &args.action {
        None => {
            for t in settings::texts(&store.read).await? {
                let first = t.body.lines().next().unwrap_or_default();
                let first: String = first.chars().take(60).collect();
                println!(
                    "{:<11} {:<9} {first}",
                    t.key,
                    if t.custom { "yours" } else { "built-in" }
                );
            }
        }
        Some(TextAction::Show { key }) => {
            let t = settings::texts(&store.read)
                .await?
                .into_iter()
                .find(|t| &t.key == key)
                .ok_or_else(|| anyhow::anyhow!("There is no bot text called \"{key}\"."))?;
            println!("{}", t.body);
        }
        Some(TextAction::Set { key, text, file }) => {
            let body = match (text, file) {
                (_, Some(path)) => std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
                (Some(t), None) => t.clone(),
                (None, None) => unreachable!("clap requires one"),
            };
            settings::set_text(&store, &who, key, &body).await?;
            println!("{key}: saved; the bot answers with it from now on");
        }
        Some(TextAction::Reset { key }) => {
            settings::reset_text(&store, &who, key).await?;
            println!("{key}: back to the built-in text");
        }
    }
    Ok(())
}
