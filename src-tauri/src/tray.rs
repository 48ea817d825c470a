//! Selling with the window closed: closing the window hides it and the bot keeps serving
//! customers; the tray icon opens it again, pauses and resumes selling, shows today's sales and
//! quits. Quitting finishes the deliveries in flight first, or parks them for the next start,
//! and says which.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use stardesk_core::{
    deliveries,
    desk::Desk,
    events::{AppEvent, BotState},
    reports, settings,
};
use tauri::{
    AppHandle, Manager, Runtime, Window,
    menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem},
    tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent},
};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::Notify;

/// The window's label, as tauri.conf.json names it.
pub const MAIN: &str = "main";

/// How long quitting waits for the deliveries in flight before it parks them.
pub const QUIT_WAIT: Duration = Duration::from_secs(5);

const OPEN: &str = "open";
const TODAY: &str = "today";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

/// The shell's state for running in the background.
pub struct Background {
    /// Set once quitting has begun: a close request then closes for good.
    quitting: AtomicBool,
    /// Wakes the task that keeps the tray's menu current.
    changed: Arc<Notify>,
    /// What the menu says: today's sales and the pause item.
    lines: Mutex<(String, String)>,
}

impl Default for Background {
    fn default() -> Self {
        Background {
            quitting: AtomicBool::new(false),
            changed: Arc::new(Notify::new()),
            lines: Mutex::new((today_line(0, 0), "Pause selling".into())),
        }
    }
}

/// The tray menu's items that change with the shop.
struct TrayItems<R: Runtime> {
    today: MenuItem<R>,
    pause: MenuItem<R>,
}

/// Adds the tray icon with its menu. A desktop with no tray shows nothing, and the window is
/// found again by starting Stardesk once more.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    watch(app);
    let open = MenuItem::with_id(app, OPEN, "Open Stardesk", true, None::<&str>)?;
    let today = MenuItem::with_id(app, TODAY, "Today: no orders yet", false, None::<&str>)?;
    let pause = MenuItem::with_id(app, PAUSE, "Pause selling", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit Stardesk", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &open,
            &PredefinedMenuItem::separator(app)?,
            &today,
            &pause,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("stardesk")
        .tooltip("Stardesk")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| menu_clicked(app, event))
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    if let Err(e) = tray.build(app) {
        tracing::warn!(error = %e, "no tray icon on this desktop");
    }
    app.manage(TrayItems { today, pause });
    refresh(app);
    Ok(())
}

/// Follows the shop for the tray: today's sales and whether the bot sells, kept current.
pub fn watch<R: Runtime>(app: &AppHandle<R>) {
    if app.try_state::<Background>().is_some() {
        return;
    }
    app.manage(Background::default());
    let changed = app.state::<Background>().changed.clone();
    tauri::async_runtime::spawn(keep_current(app.clone(), changed));
}

fn menu_clicked<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    match event.id().as_ref() {
        OPEN => show_main(app),
        PAUSE => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let desk = app.state::<Desk>();
                if desk.status().await.bot.state == BotState::Stopped {
                    if let Err(e) = desk.start().await {
                        tracing::error!(error = %e, "the bot did not start");
                    }
                } else {
                    desk.stop().await;
                }
                refresh(&app);
            });
        }
        QUIT => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move { quit(app).await });
        }
        _ => {}
    }
}

/// Brings the window back: shown, restored and focused.
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window(MAIN) {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// The window's close request: the window hides and the shop keeps selling. The first time,
/// a notification says so.
pub fn close_requested<R: Runtime>(window: &Window<R>, api: &tauri::CloseRequestApi) {
    let app = window.app_handle();
    let quitting = app
        .try_state::<Background>()
        .is_none_or(|b| b.quitting.load(Ordering::SeqCst));
    if window.label() != MAIN || quitting {
        return;
    }
    api.prevent_close();
    if let Err(e) = window.hide() {
        tracing::warn!(error = %e, "the window could not hide");
    }
    tracing::info!("window closed; the shop keeps selling");
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let Some(desk) = app.try_state::<Desk>() else {
            return;
        };
        match settings::first_background_notice(&desk.store()).await {
            Ok(true) => notify(
                &app,
                "Stardesk is still selling",
                "Stardesk is still selling in the background; open it from the tray or \
                     start it again.",
            ),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not remember the background notice"),
        }
    });
}

/// Asks the tray's menu to show the shop as it is now.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    if let Some(b) = app.try_state::<Background>() {
        b.changed.notify_one();
    }
}

/// What the tray's menu says now: today's sales and the pause item.
pub fn menu_lines<R: Runtime>(app: &AppHandle<R>) -> Option<(String, String)> {
    let b = app.try_state::<Background>()?;
    let lines = b.lines.lock().ok()?.clone();
    Some(lines)
}

/// Whether an event changes what the tray shows.
pub fn shows(event: &AppEvent) -> bool {
    matches!(
        event,
        AppEvent::OrderCreated { .. }
            | AppEvent::OrderRefunded { .. }
            | AppEvent::BotStatusChanged { .. }
            | AppEvent::ShopOpened { .. }
    )
}

/// Keeps today's sales and the pause item current: on each change, and each minute so that
/// "today" turns over at midnight.
async fn keep_current<R: Runtime>(app: AppHandle<R>, changed: Arc<Notify>) {
    loop {
        if let (Some(desk), Some(b)) = (app.try_state::<Desk>(), app.try_state::<Background>()) {
            let stopped = desk.status().await.bot.state == BotState::Stopped;
            let pause = if stopped {
                "Resume selling"
            } else {
                "Pause selling"
            };
            let today = match reports::overview(&desk.store(), chrono::Utc::now().timestamp()).await
            {
                Ok(o) => Some(today_line(o.today_orders, o.today_stars)),
                Err(e) => {
                    tracing::debug!(error = %e, "today's sales not read");
                    None
                }
            };
            let lines = {
                let mut lines = b.lines.lock().expect("tray lines");
                if let Some(today) = today {
                    lines.0 = today;
                }
                lines.1 = pause.to_string();
                lines.clone()
            };
            if let Some(items) = app.try_state::<TrayItems<R>>() {
                let _ = items.today.set_text(&lines.0);
                let _ = items.pause.set_text(&lines.1);
            }
        }
        tokio::select! {
            _ = changed.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
        }
    }
}

/// The tray's line for today's sales.
pub fn today_line(orders: i64, stars: i64) -> String {
    match orders {
        0 => "Today: no orders yet".into(),
        1 => format!("Today: 1 order · {} ⭐", thousands(stars)),
        n => format!("Today: {} orders · {} ⭐", thousands(n), thousands(stars)),
    }
}

fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// What quitting found: deliveries owed when it began and those left for the next start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quit {
    pub in_flight: i64,
    pub parked: i64,
}

/// Stops the bot, letting the deliveries in flight finish for up to `QUIT_WAIT`; what is left
/// is parked and goes out at the next start. Says both, then ends the process.
pub async fn quit<R: Runtime>(app: AppHandle<R>) {
    let report = stop_selling_for_quit(&app).await;
    tracing::info!(
        in_flight = report.in_flight,
        parked = report.parked,
        "quitting"
    );
    app.exit(0);
}

/// The part of quitting before the process ends (the window's quit shows its words first).
pub async fn stop_selling_for_quit<R: Runtime>(app: &AppHandle<R>) -> Quit {
    if let Some(b) = app.try_state::<Background>() {
        b.quitting.store(true, Ordering::SeqCst);
    }
    let Some(desk) = app.try_state::<Desk>() else {
        return Quit {
            in_flight: 0,
            parked: 0,
        };
    };
    let in_flight = deliveries::unfinished(&desk.shop()).await.unwrap_or(0);
    if in_flight > 0 {
        notify(
            app,
            &format!("Finishing {}…", plural(in_flight, "delivery", "deliveries")),
            "Stardesk quits once they are sent.",
        );
    }
    if tokio::time::timeout(QUIT_WAIT, desk.stop()).await.is_err() {
        tracing::warn!("the bot did not stop in time; what it was sending is parked");
    }
    let parked = deliveries::unfinished(&desk.shop()).await.unwrap_or(0);
    if parked > 0 {
        notify(
            app,
            &format!("{} parked", plural(parked, "delivery", "deliveries")),
            "They go out at the next start of Stardesk.",
        );
        // The notification goes out on a background task: give it a moment before the end.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Quit { in_flight, parked }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A desktop notification; a missing notification daemon is no error.
fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::debug!(error = %e, "no desktop notification");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_reads_as_a_merchant_says_it() {
        assert_eq!(today_line(0, 0), "Today: no orders yet");
        assert_eq!(today_line(1, 25), "Today: 1 order · 25 ⭐");
        assert_eq!(
            today_line(1234, 1_250_000),
            "Today: 1,234 orders · 1,250,000 ⭐"
        );
        assert_eq!(thousands(-1500), "-1,500");
    }
}
