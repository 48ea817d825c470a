//! Invoices: the ones sent in the chat with their status, and how long one stays valid.

use stardesk_core::{
    desk::Desk,
    invoices::{self, InvoicePage, InvoiceQuery},
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn invoices_page(desk: State<'_, Desk>, query: InvoiceQuery) -> CmdResult<InvoicePage> {
    invoices::list(&desk.store(), &query).await.map_err(fail)
}

/// Sets how long a new invoice stays valid (1 to 1440 minutes); invoices already sent keep
/// their time.
#[tauri::command(rename_all = "snake_case")]
pub async fn invoices_set_minutes(desk: State<'_, Desk>, minutes: i64) -> CmdResult<i64> {
    let who = operator(&desk).await?;
    invoices::set_minutes(&desk.store(), &who, minutes)
        .await
        .map_err(fail)
}
