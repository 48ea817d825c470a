//! Exports from the window: Orders searched for Gwen exports to CSV (the save dialog skipped
//! through `STARDESK_SAVE_TO`, as a native dialog cannot be clicked over WebDriver) and the file
//! reads back as the rows shown, in their order, with a toast saying how many and where.

use std::path::PathBuf;

use anyhow::{Context, Result, ensure};

use super::{Window, class};

/// The Orders table's rows shown now, by order number, top to bottom.
const SHOWN: &str = "return [...document.querySelectorAll('.tr[data-row-id]')]
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map(r => r.getAttribute('data-row-id'));";

pub(super) async fn exports(w: &Window) -> Result<()> {
    eprintln!("gui: orders exported to CSV");
    w.page("orders").await?;
    w.find("input[name='order-search']")
        .await?
        .send_keys("Gwen")
        .await?;
    w.until(
        "only Gwen's orders listed",
        "(() => { const r = [...document.querySelectorAll('.tr[data-row-id]')];
                  return r.length > 0 && r.every(e => e.textContent.includes('Gwen')); })()",
    )
    .await?;
    let shown: Vec<String> = serde_json::from_value(w.js(SHOWN).await?)?;
    let before = exported(w)?;
    w.find("[data-test='orders-export']").await?.click().await?;
    let toast = w.find_text(&class("toast"), "Exported").await?;
    let said = toast.prop("textContent").await?.unwrap_or_default();
    ensure!(
        said.contains(&format!("Exported {} order", shown.len())),
        "the toast says {said:?} for {} rows shown",
        shown.len()
    );
    let file = exported(w)?
        .into_iter()
        .find(|f| !before.contains(f))
        .context("no new export in the save folder")?;
    ensure!(
        said.contains(&file.display().to_string()),
        "the toast says {said:?}"
    );
    let mut csv = csv::Reader::from_path(&file)?;
    let header: Vec<String> = csv.headers()?.iter().map(str::to_string).collect();
    ensure!(
        header[..5]
            == [
                "order",
                "paid_at_utc",
                "paid_at_local",
                "customer_id",
                "customer_name"
            ],
        "the header is {header:?}"
    );
    let rows: Vec<csv::StringRecord> = csv.records().collect::<Result<_, _>>()?;
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    ensure!(
        ids == shown,
        "the file has orders {ids:?}, the window shows {shown:?}"
    );
    ensure!(
        rows.iter()
            .all(|r| &r[4] == "Gwen" && &r[5] == "gwen_reads"),
        "rows of someone else: {rows:?}"
    );
    w.shot("orders-exported").await?;
    Ok(())
}

/// The orders exports in the save folder.
fn exported(w: &Window) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&w.saves)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("stardesk-orders-") && name.ends_with(".csv") {
            files.push(path);
        }
    }
    Ok(files)
}
