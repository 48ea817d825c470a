//! Bot API errors and successes in Telegram's response envelope.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

/// The description Telegram gives for a callback or pre-checkout query that is unknown, expired
/// or already answered.
pub const QUERY_TOO_OLD: &str =
    "query is too old and response timeout expired or query ID is invalid";

/// An error answer: `{"ok":false,"error_code":N,"description":...}` with the same HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: u16,
    pub description: String,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
            retry_after: None,
        }
    }

    /// A 400 whose description is prefixed the way Telegram does.
    pub fn bad_request(reason: impl std::fmt::Display) -> Self {
        Self::new(400, format!("Bad Request: {reason}"))
    }

    pub fn unauthorized() -> Self {
        Self::new(401, "Unauthorized")
    }

    pub fn method_not_found() -> Self {
        Self::new(404, "Not Found: method not found")
    }

    pub fn not_found() -> Self {
        Self::new(404, "Not Found")
    }

    pub fn conflict() -> Self {
        Self::new(
            409,
            "Conflict: terminated by other getUpdates request; make sure that only one bot \
             instance is running",
        )
    }

    pub fn too_many_requests(retry_after: u64) -> Self {
        Self {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            retry_after: Some(retry_after),
        }
    }

    pub fn internal() -> Self {
        Self::new(500, "Internal Server Error")
    }

    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    pub fn query_too_old() -> Self {
        Self::bad_request(QUERY_TOO_OLD)
    }

    /// A required parameter is missing.
    pub fn missing(name: &str) -> Self {
        Self::bad_request(format_args!("{name} is empty"))
    }

    /// A parameter is present but has the wrong type or format.
    pub fn invalid(name: &str) -> Self {
        Self::bad_request(format_args!("invalid {name} specified"))
    }

    pub fn to_json(&self) -> Value {
        let mut body = json!({
            "ok": false,
            "error_code": self.code,
            "description": self.description,
        });
        if let Some(retry_after) = self.retry_after {
            body["parameters"] = json!({ "retry_after": retry_after });
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(self.to_json())).into_response()
    }
}

/// A success answer: `{"ok":true,"result":...}`.
pub fn ok_response(result: Value) -> Response {
    // Built by hand: `json!` would copy `result` through its serializer.
    let mut answer = serde_json::Map::with_capacity(2);
    answer.insert("ok".into(), Value::Bool(true));
    answer.insert("result".into(), result);
    Json(Value::Object(answer)).into_response()
}

pub type ApiResult = Result<Value, ApiError>;
