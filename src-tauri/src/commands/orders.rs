//! Orders: pages of the list, their count, one order in full, and "deliver again".

use stardesk_core::{
    desk::Desk,
    order_list::{self, OrderDetail, OrderQuery, OrderRow},
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn orders_page(desk: State<'_, Desk>, query: OrderQuery) -> CmdResult<Vec<OrderRow>> {
    order_list::page(&desk.store().read, &query)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn orders_count(desk: State<'_, Desk>, query: OrderQuery) -> CmdResult<i64> {
    order_list::count(&desk.store().read, &query)
        .await
        .map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn order_detail(desk: State<'_, Desk>, id: i64) -> CmdResult<OrderDetail> {
    let mut detail = order_list::detail(&desk.store().read, id)
        .await
        .map_err(fail)?;
    detail.queued = desk
        .shop()
        .pacer
        .queued(detail.deliveries.iter().map(|d| d.id));
    Ok(detail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn order_deliver_again(desk: State<'_, Desk>, id: i64) -> CmdResult<()> {
    let who = operator(&desk).await?;
    desk.deliver_again(&who, id).await.map_err(fail)
}
