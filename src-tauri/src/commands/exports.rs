//! Exports from the window: where a file goes (the system's save dialog, opened on the Downloads
//! folder with a name for the day), the lists written as CSV with progress and a cancel, and the
//! window's own tables and charts.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use stardesk_core::{
    Error,
    customer_list::CustomerQuery,
    desk::Desk,
    events::AppEvent,
    exports::{self, Export, Job, Jobs, To},
    order_list::OrderQuery,
    requests::RequestState,
    subscriptions::SubscriberQuery,
};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::{CmdResult, audit::downloads, fail};

/// Set to a folder, exports go there under their default name without a dialog: a native
/// dialog cannot be clicked through WebDriver, so the window's tests set it.
pub const SAVE_TO: &str = "STARDESK_SAVE_TO";

/// Where to save `what` (a `.ext` file): the merchant's choice in the save dialog, offered
/// `stardesk-<what>-<day>.<ext>` in the Downloads folder. `None` when they closed the dialog.
pub(crate) async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    desk: &Desk,
    what: &str,
    ext: &str,
) -> CmdResult<Option<PathBuf>> {
    let what = exports::name_part(what);
    let day = chrono::Local::now().date_naive();
    if let Some(dir) = std::env::var_os(SAVE_TO) {
        return Ok(Some(exports::path_with(Path::new(&dir), &what, day, ext)));
    }
    let offered = exports::path_with(&downloads(app, desk), &what, day, ext);
    let (kind, name) = match ext {
        "png" => ("PNG image", offered.file_name()),
        _ => ("CSV", offered.file_name()),
    };
    let mut dialog = app
        .dialog()
        .file()
        .set_title(format!("Export {}", what.replace('-', " ")))
        .add_filter(kind, &[ext])
        .set_can_create_directories(true);
    if let Some(dir) = offered.parent() {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = name {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    dialog.save_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    let Some(chosen) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let mut path = chosen
        .into_path()
        .map_err(|_| fail(Error::invalid("Choose a file on this computer.")))?;
    if path.extension().is_none() {
        path.set_extension(ext);
    }
    Ok(Some(path))
}

/// The exports running now; made the first time an export asks.
fn jobs<R: Runtime>(app: &AppHandle<R>) -> State<'_, Jobs> {
    app.manage(Jobs::default());
    app.state::<Jobs>()
}

/// A job whose progress reaches the window as `ExportProgress` under the name the window gave.
fn job(desk: &Desk, id: &str) -> Job {
    let shop = desk.shop();
    let id = id.to_string();
    Job::new().on_progress(move |rows, total| {
        shop.emit(AppEvent::ExportProgress {
            job: id.clone(),
            rows,
            total,
        })
    })
}

/// Every order the Orders page's filters and search match, in its sort, as CSV where the
/// merchant chooses. `job` names the export for its progress and `export_cancel`; `None` when
/// the dialog was closed or the export cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn orders_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    query: OrderQuery,
    job: String,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, "orders", "csv").await? else {
        return Ok(None);
    };
    let (jobs, running) = (jobs(&app), self::job(&desk, &job));
    let _tracked = jobs.track(&job, &running);
    exports::orders(&desk.store(), &query, To::File(&path), &running)
        .await
        .map_err(fail)
}

/// Every customer the Customers page's search and filter match, in its sort, as CSV.
#[tauri::command(rename_all = "snake_case")]
pub async fn customers_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    query: CustomerQuery,
    job: String,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, "customers", "csv").await? else {
        return Ok(None);
    };
    let (jobs, running) = (jobs(&app), self::job(&desk, &job));
    let _tracked = jobs.track(&job, &running);
    exports::customers(&desk.store(), &query, To::File(&path), &running)
        .await
        .map_err(fail)
}

/// Every subscriber the Subscriptions page's filters match, in its sort, as CSV.
#[tauri::command(rename_all = "snake_case")]
pub async fn subscribers_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    query: SubscriberQuery,
    job: String,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, "subscribers", "csv").await? else {
        return Ok(None);
    };
    let (jobs, running) = (jobs(&app), self::job(&desk, &job));
    let _tracked = jobs.track(&job, &running);
    exports::subscribers(&desk.store(), &query, To::File(&path), &running)
        .await
        .map_err(fail)
}

/// The refund requests the Support page lists (of one state, or all), as CSV.
#[tauri::command(rename_all = "snake_case")]
pub async fn requests_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    state: Option<RequestState>,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, "refund-requests", "csv").await? else {
        return Ok(None);
    };
    exports::requests(&desk.store(), state, To::File(&path), &Job::new())
        .await
        .map_err(fail)
}

/// Stops the export `job` at its next row; what it wrote is deleted. False when it had
/// finished already.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_cancel<R: Runtime>(app: AppHandle<R>, job: String) -> CmdResult<bool> {
    Ok(jobs(&app).cancel(&job))
}

/// A table the window shows (a report's), as CSV: `header` and `rows` as they are on screen.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_table<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    what: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
) -> CmdResult<Option<Export>> {
    let Some(path) = save_path(&app, &desk, &what, "csv").await? else {
        return Ok(None);
    };
    exports::write_table(&path, &header, &rows)
        .map(Some)
        .map_err(fail)
}

/// A chart as the window drew it (`png_base64`: a PNG, or a `data:image/png;base64,` URL), as a
/// PNG file where the merchant chooses. Returns where it went; `None` when the dialog was closed.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_png<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    what: String,
    png_base64: String,
) -> CmdResult<Option<String>> {
    let data = png_base64
        .strip_prefix("data:image/png;base64,")
        .unwrap_or(&png_base64);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| fail(Error::invalid("The chart's image could not be read.")))?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(fail(Error::invalid("The chart's image is not a PNG.")));
    }
    let Some(path) = save_path(&app, &desk, &what, "png").await? else {
        return Ok(None);
    };
    exports::write_bytes(&path, &bytes).map_err(fail)?;
    Ok(Some(path.display().to_string()))
}
