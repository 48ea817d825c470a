//! The window itself: it reports its first paint, which the console benchmark times.

use tauri::{AppHandle, Runtime};

use crate::started;

/// Called by the UI once it has painted; prints the time since the process started.
#[tauri::command(rename_all = "snake_case")]
pub fn window_ready<R: Runtime>(app: AppHandle<R>) {
    let ms = started().elapsed().as_secs_f64() * 1000.0;
    tracing::info!(ms, "first paint");
    if std::env::var_os("STARDESK_PRINT_FIRST_PAINT").is_some() {
        println!("first-paint-ms {ms:.0}");
    }
    if std::env::var_os("STARDESK_EXIT_AFTER_PAINT").is_some() {
        app.exit(0);
    }
}
