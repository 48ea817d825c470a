//! The control API under `/sim/`: plays customers and drives the simulator for tests,
//! demo mode and benchmarks. It always targets the primary bot (see `World::bots`).

mod admin;
mod channels;
mod pay;
mod users;

use axum::{
    Json, Router,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::json;

use crate::app::SharedApp;

pub fn router() -> Router<SharedApp> {
    Router::new()
        .route("/sim/users", post(users::create))
        .route("/sim/users/{id}", get(users::get))
        .route("/sim/users/{id}/messages", post(users::write))
        .route("/sim/users/{id}/callback", post(users::press_button))
        .route("/sim/users/{id}/chat", get(users::chat))
        .route("/sim/users/{id}/pay", post(pay::pay))
        .route("/sim/users/{id}/join", post(channels::join))
        .route("/sim/channels", post(channels::create).get(channels::list))
        .route("/sim/channels/{id}/members", get(channels::members))
        .route("/sim/files/{file_id}", get(admin::file))
        .route("/sim/clock", post(admin::advance_clock).get(admin::clock))
        .route("/sim/transactions", get(admin::transactions))
        .route("/sim/faults", post(admin::set_faults).get(admin::faults))
        .route("/sim/stats", get(admin::stats))
        .route("/sim/bot", get(admin::bot))
        .route("/sim/bot/withdraw", post(admin::withdraw))
}

/// A control API error: the status and `{"error": reason}`.
#[derive(Debug)]
pub struct ControlError {
    status: StatusCode,
    message: String,
}

impl ControlError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    pub fn no_user(id: u64) -> Self {
        Self::not_found(format!("no user {id}"))
    }
}

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

pub type ControlResult = Result<Json<serde_json::Value>, ControlError>;
