//! The legal block in the chat: the seller's details, acceptance of the terms, its version.

use stardesk_core::{
    desk::Desk,
    legal::{self, Legal, LegalDraft},
};
use tauri::State;

use super::{CmdResult, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn legal_get(desk: State<'_, Desk>) -> CmdResult<Legal> {
    legal::get(&desk.store()).await.map_err(fail)
}

/// Saves the seller's details and whether customers accept the terms before buying.
#[tauri::command(rename_all = "snake_case")]
pub async fn legal_set(desk: State<'_, Desk>, draft: LegalDraft) -> CmdResult<Legal> {
    let who = operator(&desk).await?;
    legal::set(&desk.store(), &who, &draft).await.map_err(fail)
}

/// The /terms message as the bot sends it (Telegram HTML) to a customer in `lang`, for the
/// preview.
#[tauri::command(rename_all = "snake_case")]
pub async fn legal_preview(
    desk: State<'_, Desk>,
    lang: stardesk_core::texts::Lang,
) -> CmdResult<String> {
    legal::message(&desk.store(), lang).await.map_err(fail)
}
