//! The window in German: the language chosen in Settings turns every page German at once
//! (screenshots of the main pages), a German welcome text is written in the bot texts' German
//! tab and reaches a German customer while an English one still reads the English text; back to
//! English at the end.

use std::time::Duration;

use anyhow::{Result, ensure};
use stardesk_core::demo::sim_client::SimClient;

use super::{Window, class};

/// Chooses the window's language in Settings and waits for the sidebar to speak it.
async fn choose(w: &Window, language: &str, settings_name: &str) -> Result<()> {
    w.page("settings").await?;
    w.find("[data-test='ui-language'] #ui-language")
        .await?
        .select_by_value(language)
        .await?;
    w.find_text(&class("nav-item"), settings_name).await?;
    w.until(
        "the page's language",
        &format!("document.documentElement.lang === '{language}'"),
    )
    .await
}

pub(super) async fn german(w: &Window, sim: &SimClient) -> Result<()> {
    eprintln!("gui: the window in German");
    choose(w, "de", "Einstellungen").await?;
    w.shot("de-settings").await?;

    // The German welcome text, in the bot texts' German tab.
    w.find("[data-test='bot-text-lang'] [data-lang='de']")
        .await?
        .click()
        .await?;
    w.until(
        "the German tab",
        "document.querySelector(\"[data-test='bot-text-lang'] [data-lang='de']\")?.getAttribute('aria-pressed') === 'true' || document.querySelector(\"[data-test='bot-text-lang'] [data-lang='de']\")?.getAttribute('aria-selected') === 'true'",
    )
    .await?;
    let field = w.find("#bot-text").await?;
    field.click().await?;
    field.send_keys("\u{E009}a\u{E009}\u{E003}").await?;
    field
        .send_keys("<b>Willkommen</b> in unserem Laden!")
        .await?;
    w.until(
        "the German preview",
        "document.querySelector(\"[data-test='text-preview']\").textContent.includes('Willkommen in unserem Laden!')",
    )
    .await?;
    w.find("[data-test='save-text']:not([disabled])")
        .await?
        .click()
        .await?;
    w.find("[data-test='save-text'][disabled]").await?;
    w.shot("de-settings-bot-texts").await?;

    // A German customer reads it in bold; an English one still reads the English welcome.
    let hans = sim.create_user_in("Hans", "de").await?;
    let sent = sim.send(hans, "/start").await?;
    let m = sim
        .wait_for(hans, sent, Duration::from_secs(30), |m| {
            m.body().starts_with("Willkommen in unserem Laden!")
        })
        .await?;
    ensure!(
        m.entities.iter().any(|e| e["type"] == "bold"),
        "the German welcome lost its bold: {:?}",
        m.entities
    );
    let tess = sim.create_user("Tessa", None).await?;
    let sent = sim.send(tess, "/start").await?;
    sim.wait_for(tess, sent, Duration::from_secs(30), |m| {
        m.body().contains("Catalog: tap a product to see it.") && !m.body().contains("Willkommen")
    })
    .await?;

    // The main pages in German.
    for (page, heading) in [
        ("overview", "Übersicht"),
        ("catalog", "Katalog"),
        ("orders", "Bestellungen"),
        ("customers", "Kunden"),
        ("reports", "Berichte"),
        ("subscriptions", "Abonnements"),
    ] {
        w.page(page).await?;
        w.find_text("self::h1 or self::h2", heading).await?;
        w.shot(&format!("de-{page}")).await?;
    }

    choose(w, "en", "Settings").await
}
