//! Limits against abuse: the Settings card, the customers they flagged, lifting a flag.

use stardesk_core::{
    desk::Desk,
    limits::{self, Flagged, Limits},
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn limits_get(desk: State<'_, Desk>) -> CmdResult<Limits> {
    limits::get(&desk.store()).await.map_err(fail)
}

/// Sets the limits (each one off when null); the bot applies them at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn limits_set(desk: State<'_, Desk>, limits: Limits) -> CmdResult<Limits> {
    let who = operator(&desk).await?;
    limits::set(&desk.shop(), &who, limits).await.map_err(fail)
}

/// Customers flagged by a limit, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn limits_flagged(desk: State<'_, Desk>) -> CmdResult<Vec<Flagged>> {
    limits::flagged(&desk.store()).await.map_err(fail)
}

/// Lifts a customer's flag: they are trusted, the limits no longer apply to them.
#[tauri::command(rename_all = "snake_case")]
pub async fn limits_lift(desk: State<'_, Desk>, customer_id: i64) -> CmdResult<()> {
    let who = operator(&desk).await?;
    limits::lift(&desk.shop(), &who, customer_id)
        .await
        .map_err(fail)
}
