//! The window's commands. Each parses its arguments, calls one core function and maps the error
//! to `{code, message}`; nothing else lives here.
//!
//! The `#[tauri::command]` functions in these modules are the one list of commands: the build
//! step reads them and writes the handler below, the window's permissions, and the signatures the
//! TypeScript wrappers in `ui/src/api/commands.ts` are generated from.

pub mod affiliates;
pub mod attention;
pub mod audit;
pub mod background;
pub mod books;
pub mod bot;
pub mod catalog;
pub mod customers;
pub mod demo;
pub mod exports;
pub mod invoices;
pub mod legal;
pub mod limits;
pub mod orders;
pub mod promos;
pub mod referrals;
pub mod reports;
pub mod settings;
pub mod subscriptions;
pub mod support;
pub mod tips;
pub mod window;

use stardesk_core::{Error, audit::Who, desk::Desk, error::ErrorBody};

pub type CmdResult<T> = Result<T, ErrorBody>;

pub(crate) fn fail(e: Error) -> ErrorBody {
    e.body()
}

/// Who acts from this window, as the audit trail names them: the operator's name set in
/// Settings (else the system's user name).
pub(crate) async fn operator(desk: &Desk) -> CmdResult<Who> {
    stardesk_core::audit::operator(&desk.store())
        .await
        .map_err(fail)
}

// `NAMES`, `handler()` and, for the tests, `signatures()`.
include!(concat!(env!("OUT_DIR"), "/commands.rs"));
