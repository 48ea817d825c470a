//! Running in the background: start at login (minimised), and quitting for good.

use stardesk_core::{deliveries, desk::Desk};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_autostart::AutoLaunchManager;

use super::{CmdResult, fail};
use crate::tray;

fn autostart_failed(e: impl std::fmt::Display) -> stardesk_core::error::ErrorBody {
    fail(stardesk_core::Error::invalid(format!(
        "The system did not take the login item: {e}"
    )))
}

/// Whether Stardesk starts, minimised, when the merchant logs in.
#[tauri::command(rename_all = "snake_case")]
pub fn background_autostart(autostart: State<'_, AutoLaunchManager>) -> CmdResult<bool> {
    autostart.is_enabled().map_err(autostart_failed)
}

#[tauri::command(rename_all = "snake_case")]
pub fn background_set_autostart(
    autostart: State<'_, AutoLaunchManager>,
    on: bool,
) -> CmdResult<bool> {
    if on {
        autostart.enable().map_err(autostart_failed)?;
    } else {
        autostart.disable().map_err(autostart_failed)?;
    }
    autostart.is_enabled().map_err(autostart_failed)
}

/// Quits Stardesk: the bot stops once the deliveries in flight are sent (or they are parked for
/// the next start). Returns how many were in flight, for the window to say so.
#[tauri::command(rename_all = "snake_case")]
pub async fn background_quit<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
) -> CmdResult<i64> {
    let in_flight = deliveries::unfinished(&desk.shop()).await.map_err(fail)?;
    tauri::async_runtime::spawn(tray::quit(app));
    Ok(in_flight)
}
