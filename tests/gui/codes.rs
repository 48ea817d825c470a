//! A code pool in hand: the Game key's Codes drawer lists its codes with their state (those
//! sold to the demo's customers name their order), a search finds one code, removing it shows
//! an Undo in the drawer that puts it back, and a CSV with a header row and RFC 4180 quoting is imported
//! from the drawer. The Overview's Running low card names the demo's limited wallpaper pack, and
//! a half-filled product form asks before it is discarded.

use anyhow::{Result, ensure};
use fantoccini::Locator;

use super::{Window, class};

pub(super) async fn codes(w: &Window) -> Result<()> {
    eprintln!("gui: codes of the game key");
    w.page("catalog").await?;
    let game = w.find_text(&class("product"), "Game key").await?;
    game.find(Locator::Css("[data-test='open-codes']"))
        .await?
        .click()
        .await?;
    w.find("[data-test='codes-drawer']").await?;
    w.find_text("@data-test='codes-summary'", "sold").await?;
    // The codes the demo's customers bought name their orders.
    w.find_text("@data-test='code-state'", "Sold · order #")
        .await?;
    w.shot("codes").await?;

    // One code found by a part of it, in another case.
    w.find("[data-test='codes-search']")
        .await?
        .send_keys("gui-0002")
        .await?;
    w.until(
        "only GUI-0002 listed",
        "(() => { const c = [...document.querySelectorAll(\"[data-test='codes-drawer'] [data-test='code-value']\")].map(e => e.textContent); return c.length === 1 && c[0] === 'GUI-0002'; })()",
    )
    .await?;
    w.find_text("@data-test='codes-summary'", "1 in stock")
        .await?;
    w.find("input[aria-label='Select GUI-0002']")
        .await?
        .click()
        .await?;
    w.find("[data-test='codes-remove']:not([disabled])")
        .await?
        .click()
        .await?;
    w.find_text(&class("toast"), "1 code removed").await?;
    w.find_text("@data-test='code-state'", "Removed").await?;
    w.shot("codes-removed-undo").await?;
    w.find("[data-test='codes-undo-button']")
        .await?
        .click()
        .await?;
    w.find_text(&class("toast"), "1 code put back").await?;
    w.find_text("@data-test='code-state'", "In stock").await?;

    // A CSV with a header row: quoted quotes and a quoted comma each stay one code.
    w.find("[data-test='codes-import']").await?.click().await?;
    let csv = "code,note\u{E007}\"GUI-Q\"\"1\"\"\",quoted quotes\u{E007}\"GUI,C2\",a comma inside\u{E007}";
    w.find("textarea[name='codes']")
        .await?
        .send_keys(csv)
        .await?;
    w.find("[data-test='import-codes']").await?.click().await?;
    let summary = w.find("[aria-label='Import summary']").await?;
    let text = summary.prop("textContent").await?.unwrap_or_default();
    ensure!(text.contains("2added"), "the summary says {text:?}");
    w.find_text("@data-test='import-header'", "is a header row")
        .await?;
    w.shot("codes-import-csv-header").await?;
    w.find(".modal-foot .btn.primary").await?.click().await?;
    // The drawer comes back; both codes are in the pool as written.
    let search = w.find("[data-test='codes-search']").await?;
    search.clear().await?;
    search.send_keys("GUI-Q").await?;
    w.find_text("@data-test='code-value'", "GUI-Q\"1\"").await?;
    search.clear().await?;
    search.send_keys("GUI,C2").await?;
    w.find_text("@data-test='code-value'", "GUI,C2").await?;
    w.find(".drawer .close").await?.click().await?;
    w.find_text(&class("product"), "Running low").await?;
    w.shot("catalog-running-low").await?;

    // A half-filled form: Escape asks first.
    w.find("[data-test='new-product']").await?.click().await?;
    w.find("input[name='title']")
        .await?
        .send_keys("Half a product")
        .await?;
    w.find("input[name='title']")
        .await?
        .send_keys("\u{E00C}")
        .await?;
    w.find_text(&class("modal"), "Discard changes?").await?;
    w.shot("catalog-discard-changes").await?;
    w.find("[data-test='keep-editing']").await?.click().await?;
    let title = w.find("input[name='title']").await?;
    ensure!(
        title.prop("value").await?.as_deref() == Some("Half a product"),
        "the form lost what was typed"
    );
    w.find("[data-test='save-product']").await?;
    w.find(".modal .modal-foot .btn:not(.primary)")
        .await?
        .click()
        .await?;
    w.find("[data-test='discard-changes']")
        .await?
        .click()
        .await?;
    w.until(
        "the form closed",
        "!document.querySelector('#product-form')",
    )
    .await?;

    // The Overview lists what runs low.
    w.page("overview").await?;
    w.find_text("@data-test='running-low'", "Wallpaper pack")
        .await?;
    w.shot("overview-running-low").await?;
    Ok(())
}
