//! Invoices: the ones sent in the chat with their status, how long one stays valid, and the
//! reminders about unfinished payments.

use stardesk_core::{
    desk::Desk,
    invoices::{self, InvoicePage, InvoiceQuery},
    reminders::{self, ReminderSettings},
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

/// Reminders about unfinished payments: on or off, and how long after expiry.
#[tauri::command(rename_all = "snake_case")]
pub async fn reminders_settings(desk: State<'_, Desk>) -> CmdResult<ReminderSettings> {
    reminders::settings(&desk.store()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reminders_set(
    desk: State<'_, Desk>,
    settings: ReminderSettings,
) -> CmdResult<ReminderSettings> {
    let who = operator(&desk).await?;
    reminders::set_settings(&desk.store(), &who, settings)
        .await
        .map_err(fail)
}
