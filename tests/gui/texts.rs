//! The bot's texts in Settings: the welcome text edited with bold, drawn bold in the preview with
//! the catalog's buttons, saved, and received bold by a customer; a tag left open is named with
//! its line and cannot be saved; leaving unsaved changes asks; the built-in text comes back after
//! asking.

use std::time::Duration;

use anyhow::{Result, ensure};
use fantoccini::Locator;
use stardesk_core::demo::sim_client::SimClient;

use super::{Window, class};

/// Selects everything in the focused field and types `text` over it.
async fn replace(w: &Window, css: &str, text: &str) -> Result<()> {
    let field = w.find(css).await?;
    field.click().await?;
    field.send_keys("\u{E009}a\u{E009}\u{E003}").await?;
    field.send_keys(text).await?;
    Ok(())
}

pub(super) async fn bot_texts(w: &Window, sim: &SimClient) -> Result<()> {
    eprintln!("gui: bot texts");
    w.page("settings").await?;
    let card = "[data-test='bot-texts']";
    w.find(&format!("{card} #bot-text")).await?;

    // A tag left open: named with its line, and Save stays off.
    replace(w, "#bot-text", "Big sale <b>today").await?;
    w.find_text("@data-test='text-problem'", "Line 1: <b> is not closed")
        .await?;
    w.find("[data-test='save-text'][disabled]").await?;
    w.shot("settings-texts-invalid").await?;

    // Bold, drawn bold in the preview above the catalog's buttons.
    replace(
        w,
        "#bot-text",
        "<b>Big sale</b> today: everything &amp; more",
    )
    .await?;
    w.until(
        "the preview in bold",
        "document.querySelector(\"[data-test='text-preview'] b\")?.textContent === 'Big sale'",
    )
    .await?;
    w.until(
        "the preview's text",
        "document.querySelector(\"[data-test='text-preview']\").textContent.includes('Big sale today: everything & more')",
    )
    .await?;
    w.find_text(&class("bubble-buttons"), "Pro tips guide")
        .await?;
    ensure!(
        w.c.find(Locator::Css("[data-test='text-problem']"))
            .await
            .is_err(),
        "a valid text was reported as a problem"
    );
    w.shot("settings-texts-preview").await?;
    w.find("[data-test='save-text']:not([disabled])")
        .await?
        .click()
        .await?;
    w.find_text(&class("toast"), "Welcome text saved").await?;
    w.find_text(&class("badge"), "Your text").await?;

    // A customer opening the bot reads it in bold.
    let user = sim.create_user("Tess", Some("tess")).await?;
    let sent = sim.send(user, "/start").await?;
    let m = sim
        .wait_for(user, sent, Duration::from_secs(30), |m| {
            m.body().starts_with("Big sale today")
        })
        .await?;
    ensure!(
        m.entities
            .iter()
            .any(|e| e["type"] == "bold" && e["offset"] == 0 && e["length"] == 8),
        "no bold in {:?}",
        m.entities
    );

    // Unsaved changes: switching texts asks first.
    replace(w, "#bot-text", "Half-written").await?;
    w.find("[data-test='bot-texts'] [role='tab'][aria-selected='false']")
        .await?
        .click()
        .await?;
    let ask = w
        .find_text("@role='dialog' or self::dialog", "Discard changes?")
        .await?;
    w.shot("settings-texts-discard").await?;
    ask.find(Locator::XPath(".//button[contains(., 'Keep editing')]"))
        .await?
        .click()
        .await?;
    w.until(
        "the edit kept",
        "document.querySelector('#bot-text').value === 'Half-written'",
    )
    .await?;

    // The built-in text again, after asking.
    w.find_text("self::button", "Use the built-in text")
        .await?
        .click()
        .await?;
    let ask = w
        .find_text("@role='dialog' or self::dialog", "Use the built-in text?")
        .await?;
    ask.find(Locator::XPath(
        ".//button[contains(., 'Use the built-in text')]",
    ))
    .await?
    .click()
    .await?;
    w.find_text(&class("badge"), "Built-in text").await?;
    w.until(
        "the built-in welcome",
        "document.querySelector('#bot-text').value.startsWith('Welcome!')",
    )
    .await?;
    Ok(())
}
