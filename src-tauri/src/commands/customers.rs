//! Customers: pages of the list with their totals, and blocking.

use stardesk_core::{
    customer_list::{self, CustomerQuery, CustomerRow},
    customers,
    desk::Desk,
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn customers_page(
    desk: State<'_, Desk>,
    query: CustomerQuery,
) -> CmdResult<Vec<CustomerRow>> {
    customer_list::page(&desk.store().read, &query)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn customers_count(desk: State<'_, Desk>, query: CustomerQuery) -> CmdResult<i64> {
    customer_list::count(&desk.store().read, &query)
        .await
        .map_err(fail)
}

/// A blocked customer is refused at pre-checkout with a message.
#[tauri::command(rename_all = "snake_case")]
pub async fn customer_set_blocked(desk: State<'_, Desk>, id: i64, blocked: bool) -> CmdResult<()> {
    let who = operator(&desk).await?;
    customers::set_blocked(&desk.store(), &who, id, blocked)
        .await
        .map_err(fail)
}
