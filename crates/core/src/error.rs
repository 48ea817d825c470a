//! The one error type of Stardesk's services; it crosses to the UI as `{code, message}`.

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input the merchant or a customer can fix; the message says how.
    #[error("{0}")]
    Invalid(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// Telegram refused or could not be reached after retries.
    #[error("Telegram: {0}")]
    Telegram(String),
    /// Telegram could not be asked, or refused, in words the merchant can act on (the message
    /// names Telegram itself: "Can't reach Telegram: …").
    #[error("{0}")]
    TelegramWords(String),
    /// Telegram did not refund; the message says why in words the operator can act on.
    #[error("{0}")]
    NotRefunded(String),
    /// A risky action needs a current code from the authenticator app (step-up).
    #[error("{0}")]
    StepUp(String),
    /// Too many wrong step-up codes: risky actions are locked for a while.
    #[error("{0}")]
    Locked(String),
    #[error("storage error")]
    Db(#[from] sqlx::Error),
    #[error("storage error")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A direct unit of the group commit failed (see `db::group`).
    #[error("storage error")]
    Direct(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Telegram(_) | Error::TelegramWords(_) => "telegram",
            Error::NotRefunded(_) => "not_refunded",
            Error::StepUp(_) => "step_up",
            Error::Locked(_) => "step_up_locked",
            Error::Db(_) | Error::Migrate(_) | Error::Direct(_) => "storage",
            Error::Io(_) => "io",
        }
    }

    /// What the UI shows: database internals are logged, never shown.
    pub fn body(&self) -> ErrorBody {
        if let Error::Db(e) = self {
            tracing::error!(error = %e, "storage error");
        }
        ErrorBody {
            code: self.code().to_string(),
            message: self.to_string(),
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}
