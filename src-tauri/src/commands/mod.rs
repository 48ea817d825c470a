//! The window's commands. Each parses its arguments, calls one core function and maps the error
//! to `{code, message}`; nothing else lives here.

pub mod attention;
pub mod bot;
pub mod catalog;
pub mod customers;
pub mod demo;
pub mod orders;
pub mod reports;
pub mod settings;
pub mod window;

use stardesk_core::{Error, error::ErrorBody};

pub type CmdResult<T> = Result<T, ErrorBody>;

pub(crate) fn fail(e: Error) -> ErrorBody {
    e.body()
}
