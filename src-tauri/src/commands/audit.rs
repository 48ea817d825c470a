//! The audit trail: pages of it with filters, its actions, the CSV export, and the operator's
//! name the trail shows for actions taken in this window.

use std::path::PathBuf;

use stardesk_core::{
    Error,
    audit::{self, AuditEntry, AuditExport, AuditQuery},
    desk::Desk,
};
use tauri::{AppHandle, Manager, Runtime, State};

use super::{CmdResult, exports::save_path, fail, operator};

#[tauri::command(rename_all = "snake_case")]
pub async fn audit_page(desk: State<'_, Desk>, query: AuditQuery) -> CmdResult<Vec<AuditEntry>> {
    audit::page(&desk.store(), &query).await.map_err(fail)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn audit_count(desk: State<'_, Desk>, query: AuditQuery) -> CmdResult<i64> {
    audit::count(&desk.store(), &query).await.map_err(fail)
}

/// Every action the trail holds, for the filter.
#[tauri::command(rename_all = "snake_case")]
pub async fn audit_actions(desk: State<'_, Desk>) -> CmdResult<Vec<String>> {
    audit::actions(&desk.store()).await.map_err(fail)
}

/// Writes every line matching the query's filters (not only a page) as CSV to `path`, or, with
/// none, where the merchant chooses in the save dialog. Says where, and how many lines; `None`
/// when the dialog was closed.
#[tauri::command(rename_all = "snake_case")]
pub async fn audit_export<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    query: AuditQuery,
    path: Option<String>,
) -> CmdResult<Option<AuditExport>> {
    let path = match path {
        Some(p) if PathBuf::from(&p).is_absolute() => PathBuf::from(p),
        Some(_) => return Err(fail(Error::invalid("Export to a full path."))),
        None => match save_path(&app, &desk, "audit", "csv").await? {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let lines = audit::export_csv(&desk.store(), &query, &path)
        .await
        .map_err(fail)?;
    Ok(Some(AuditExport {
        path: path.display().to_string(),
        lines: lines as i64,
    }))
}

/// The Downloads folder; the home folder where there is none (or the shop's data folder where
/// there is no home either).
pub(crate) fn downloads<R: Runtime>(app: &AppHandle<R>, desk: &Desk) -> PathBuf {
    let paths = app.path();
    if let Ok(dir) = paths.download_dir()
        && dir.is_dir()
    {
        return dir;
    }
    match paths.home_dir() {
        Ok(home) if home.join("Downloads").is_dir() => home.join("Downloads"),
        Ok(home) => home,
        Err(_) => desk.data_dir().to_path_buf(),
    }
}

/// The name the trail shows for actions taken in this window.
#[tauri::command(rename_all = "snake_case")]
pub async fn operator_name(desk: State<'_, Desk>) -> CmdResult<String> {
    audit::operator_name(&desk.store()).await.map_err(fail)
}

/// Sets the operator's name (recorded in the trail under the old one); returns it as kept.
#[tauri::command(rename_all = "snake_case")]
pub async fn operator_set_name(desk: State<'_, Desk>, name: String) -> CmdResult<String> {
    let who = operator(&desk).await?;
    audit::set_operator_name(&desk.store(), &who, &name)
        .await
        .map_err(fail)
}
