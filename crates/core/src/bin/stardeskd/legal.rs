//! `stardeskd legal`: the seller's details shown with /terms, and whether customers accept the
//! terms before their first purchase (and again for each new version).

use clap::{Args, ValueEnum};
use stardesk_core::{audit::Who, desk::Desk, legal};

#[derive(Args, Debug)]
pub struct LegalArgs {
    /// The seller as customers should know them.
    #[arg(long)]
    seller_name: Option<String>,
    /// How to reach the seller (e-mail, @username, phone).
    #[arg(long)]
    seller_contact: Option<String>,
    /// An address or a registration number.
    #[arg(long)]
    seller_address: Option<String>,
    /// Customers accept the terms before their first purchase: on or off.
    #[arg(long, value_enum)]
    require_acceptance: Option<Switch>,
    /// Prints the /terms message as the bot sends it.
    #[arg(long)]
    preview: bool,
    /// The language of the preview: en, de or ru.
    #[arg(long, default_value = "en", value_name = "LANG")]
    lang: String,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Switch {
    On,
    Off,
}

pub async fn legal(desk: &Desk, args: &LegalArgs) -> anyhow::Result<()> {
    let store = desk.store();
    if args.preview {
        let lang = stardesk_core::texts::Lang::parse(&args.lang)?;
        println!("{}", legal::message(&store, lang).await?);
        return Ok(());
    }
    let mut draft = legal::get(&store).await?.draft;
    let changes = args.seller_name.is_some()
        || args.seller_contact.is_some()
        || args.seller_address.is_some()
        || args.require_acceptance.is_some();
    if let Some(v) = &args.seller_name {
        draft.seller_name = v.clone();
    }
    if let Some(v) = &args.seller_contact {
        draft.seller_contact = v.clone();
    }
    if let Some(v) = &args.seller_address {
        draft.seller_address = v.clone();
    }
    if let Some(s) = args.require_acceptance {
        draft.require_acceptance = matches!(s, Switch::On);
    }
    let now = match changes {
        true => legal::set(&store, &Who::stardeskd(), &draft).await?,
        false => legal::get(&store).await?,
    };
    let or_none = |s: &str| {
        if s.is_empty() {
            "(none)".to_string()
        } else {
            s.to_string()
        }
    };
    println!("Seller:      {}", or_none(&now.draft.seller_name));
    println!("Contact:     {}", or_none(&now.draft.seller_contact));
    println!("Address:     {}", or_none(&now.draft.seller_address));
    println!(
        "Acceptance:  {}; terms version {}, accepted by {} customer{}",
        if now.draft.require_acceptance {
            "required before a first purchase"
        } else {
            "not required"
        },
        now.version,
        now.accepted,
        if now.accepted == 1 { "" } else { "s" }
    );
    Ok(())
}
