//! What needs the merchant: open items, and dismissing one.

use stardesk_core::{
    attention::{self, Attention},
    desk::Desk,
};
use tauri::State;

use super::{CmdResult, fail};

#[tauri::command(rename_all = "snake_case")]
pub async fn attention_list(desk: State<'_, Desk>) -> CmdResult<Vec<Attention>> {
    attention::open(&desk.shop()).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attention_resolve(desk: State<'_, Desk>, id: i64) -> CmdResult<()> {
    desk.resolve_attention(id).await.map_err(fail)
}
