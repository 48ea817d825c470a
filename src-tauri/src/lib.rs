//! Stardesk's desktop shell: one window over `stardesk-core`, with the bot running in this process.

mod bindings;
pub mod commands;
pub mod events;
pub mod instance;
pub mod tray;

use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, OnceLock},
    time::{Duration, Instant},
};

use clap::Parser;
use stardesk_core::desk::{Desk, DeskOptions};
use tauri::{Manager, RunEvent, Runtime, WindowEvent};

pub use crate::commands::handler;
use crate::events::{SaleNotifications, WindowEvents};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// How long closing the window waits for the bot and the simulator to stop.
const EXIT_WAIT: Duration = Duration::from_secs(5);

/// When the process started, as near as the shell can tell.
pub fn started() -> Instant {
    *STARTED.get_or_init(Instant::now)
}

#[derive(Parser, Debug, Clone)]
#[command(
    name = "stardesk",
    version,
    about = "Stardesk: sell digital goods through your Telegram bot, paid in Stars"
)]
pub struct Cli {
    /// The shop's data folder (default: $STARDESK_DATA_DIR, else the platform's app-data folder).
    #[arg(long, env = "STARDESK_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Where demo mode's Telegram simulator listens.
    #[arg(long, env = "STARDESK_LISTEN_SIM", default_value = "127.0.0.1:0")]
    pub listen_sim: SocketAddr,
    /// Do not play a simulated sale shortly after the first start in demo mode.
    #[arg(long)]
    pub no_first_sale: bool,
    /// Start with the window hidden (as at login): the shop sells, the tray opens the window.
    #[arg(long)]
    pub minimized: bool,
}

/// What "Start at login" runs.
pub const AT_LOGIN: &str = "--minimized";

fn default_data_dir<R: Runtime>(app: &tauri::App<R>) -> PathBuf {
    // The same folder `stardeskd` uses by default, so both see one shop.
    app.path()
        .data_dir()
        .map(|d| d.join("stardesk"))
        .unwrap_or_else(|_| PathBuf::from("stardesk-data"))
}

pub fn run() {
    started();
    // A console of tables and forms gains nothing from WebKit's GPU compositing, which on Linux
    // costs about 110 MB in the web process (and a blank window with some GPU drivers).
    // The merchant's own setting wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        // SAFETY: no other thread exists yet to read the environment.
        unsafe { std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1") };
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,teloxide=warn,sqlx=warn,tao=warn,wry=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();

    let app = tauri::Builder::default()
        // First: a second start shows the running window and ends before it opens anything.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            // A start at login finds Stardesk running already: the window stays as it is.
            if !args.iter().any(|a| a == AT_LOGIN) {
                tracing::info!("Stardesk was started again: showing the window");
                tray::show_main(app);
            }
        }))
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![AT_LOGIN]),
        ))
        .invoke_handler(handler())
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                tray::close_requested(window, api);
            }
        })
        .setup(move |app| {
            let data_dir = cli
                .data_dir
                .clone()
                .unwrap_or_else(|| default_data_dir(app));
            let handle = app.handle().clone();
            match instance::claim(&data_dir, !cli.minimized, move || tray::show_main(&handle)) {
                Ok(instance::Claim::First(guard)) => {
                    app.manage(guard);
                }
                Ok(instance::Claim::Running) => {
                    tracing::info!("Stardesk already serves this shop");
                    app.cleanup_before_exit();
                    std::process::exit(0);
                }
                Err(e) => tracing::warn!(error = %e, "no instance guard for the data folder"),
            }
            if cli.minimized
                && let Some(w) = app.get_webview_window(tray::MAIN)
            {
                let _ = w.hide();
            }
            let notifications = Arc::new(SaleNotifications::new(true));
            let sink = Arc::new(WindowEvents::new(
                app.handle().clone(),
                notifications.clone(),
            ));
            let options = DeskOptions {
                listen_sim: cli.listen_sim,
                first_sale: !cli.no_first_sale,
                ..DeskOptions::new(&data_dir)
            };
            let desk = tauri::async_runtime::block_on(Desk::open(options, sink))
                .map_err(|e| format!("cannot open the shop in {}: {e}", data_dir.display()))?;
            notifications.set(tauri::async_runtime::block_on(desk.notify_sales()).unwrap_or(true));
            tracing::info!(data_dir = %data_dir.display(), "shop open");
            app.manage(desk);
            app.manage(notifications);
            // Closing the window hides it whether or not a tray menu could be made.
            if let Err(e) = tray::install(app.handle()) {
                tracing::warn!(error = %e, "no tray menu");
            }
            // The window shows at once; the bot comes up behind it and reports through events.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                if let Err(e) = handle.state::<Desk>().start().await {
                    tracing::error!(error = %e, "the bot did not start");
                }
            });
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("the window could not be built");

    app.run(|app, event| {
        // The Dock icon clicked while the window is closed: it opens again.
        #[cfg(target_os = "macos")]
        if let RunEvent::Reopen { .. } = event {
            tray::show_main(app);
        }
        if let RunEvent::Exit = event
            && let Some(desk) = app.try_state::<Desk>()
        {
            // A clean stop is a courtesy: the inbox replays whatever an abrupt exit interrupts.
            let stopped = tauri::async_runtime::block_on(async {
                tokio::time::timeout(EXIT_WAIT, desk.shutdown()).await
            });
            if stopped.is_err() {
                tracing::warn!("the shop did not stop in time; exiting anyway");
            }
        }
    });
}
