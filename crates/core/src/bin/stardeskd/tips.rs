//! `stardeskd tips`: "Support us" in the chat: on or off, the amounts offered, the thank-you
//! text.

use clap::{Args, ValueEnum};
use stardesk_core::{audit::Who, desk::Desk, texts::Lang, tips};

#[derive(Args, Debug)]
pub struct TipsArgs {
    /// Offer tips in the chat (/tip and a button under the catalog): on or off.
    #[arg(long, value_enum)]
    offer: Option<Switch>,
    /// The amounts offered, in Stars, comma-separated (1 to 6 of them), e.g. 1,3,5,10.
    #[arg(long, value_delimiter = ',')]
    amounts: Option<Vec<i64>>,
    /// The thank-you text (Telegram HTML, as the bot texts), in --lang.
    #[arg(long)]
    thanks: Option<String>,
    /// The language of the thank-you text shown or set: en, de or ru (one without its own says
    /// the English text).
    #[arg(long, default_value = "en", value_name = "LANG")]
    lang: String,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Switch {
    On,
    Off,
}

pub async fn tips(desk: &Desk, args: &TipsArgs) -> anyhow::Result<()> {
    let store = desk.store();
    let lang = Lang::parse(&args.lang)?;
    let mut s = tips::settings(&store, lang).await?;
    if args.offer.is_some() || args.amounts.is_some() || args.thanks.is_some() {
        if let Some(o) = args.offer {
            s.enabled = matches!(o, Switch::On);
        }
        if let Some(a) = &args.amounts {
            s.presets = a.clone();
        }
        if let Some(t) = &args.thanks {
            s.thanks = t.clone();
        }
        s = tips::set_settings(&store, &Who::stardeskd(), &s).await?;
    }
    println!(
        "Tips: {}; amounts {}",
        if s.enabled { "offered" } else { "off" },
        s.presets
            .iter()
            .map(|p| format!("{p} ⭐"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("Thank-you text ({}): {}", lang.name(), s.thanks);
    Ok(())
}
