//! The books beside Telegram's balance: a check, "Reconcile now", the last check. Progress comes
//! as `books_progress` events.

use stardesk_core::{
    books::{Books, Reconciled},
    desk::Desk,
};
use tauri::State;

use super::{CmdResult, fail};

/// Reads Telegram's whole ledger and balance and sets them beside Stardesk's books.
#[tauri::command(rename_all = "snake_case")]
pub async fn books_check(desk: State<'_, Desk>) -> CmdResult<Books> {
    desk.books_check().await.map_err(fail)
}

/// Reconciles with Telegram's ledger (recovers orders, records refunds and commissions), then
/// checks the books again.
#[tauri::command(rename_all = "snake_case")]
pub async fn books_reconcile(desk: State<'_, Desk>) -> CmdResult<Reconciled> {
    desk.books_reconcile().await.map_err(fail)
}

/// The last check, as kept; none before the first.
#[tauri::command(rename_all = "snake_case")]
pub async fn books_last(desk: State<'_, Desk>) -> CmdResult<Option<Books>> {
    desk.books_last().await.map_err(fail)
}
