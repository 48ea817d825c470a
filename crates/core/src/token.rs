//! Where the bot token lives: the OS keychain, or where none is available and the merchant agrees,
//! a `bot-token` file in the data folder readable only by its owner. The token is never logged.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const SERVICE: &str = "Stardesk";
pub const FILE_NAME: &str = "bot-token";
/// Overrides both stores, as for `stardeskd`; never written anywhere.
pub const ENV: &str = "STARDESK_BOT_TOKEN";

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TokenPlace {
    Environment,
    Keychain,
    File,
}

/// Whether this system has a keychain to keep the token in, and if not, why.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Keychain {
    pub available: bool,
    pub reason: Option<String>,
}

/// Where a token store may look besides its data folder's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// `STARDESK_BOT_TOKEN`, the OS keychain, then the file: the app and stardeskd.
    System,
    /// The file only: tests, which must never read a developer's keychain or environment.
    FileOnly,
}

/// The token store of one data folder: each shop has its own keychain entry.
#[derive(Clone)]
pub struct TokenStore {
    file: PathBuf,
    account: String,
    sources: Sources,
}

impl std::fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStore")
            .field("file", &self.file)
            .finish()
    }
}

/// Why the keychain cannot be used, in plain words; the system's own message goes to the log.
fn keychain_error(e: keyring::Error) -> String {
    let raw = match &e {
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => e.to_string(),
        other => other.to_string(),
    };
    tracing::debug!(reason = %raw, "keychain not usable");
    keychain_words(&raw)
}

/// The keychain's (often D-Bus) message as a merchant reads it.
pub fn keychain_words(raw: &str) -> String {
    let has = |s: &str| raw.to_ascii_lowercase().contains(&s.to_ascii_lowercase());
    if has("data folder only") {
        raw.to_string()
    } else if has("ServiceUnknown") || has("org.freedesktop.secrets") || has("not provided by any")
    {
        "no keychain service, such as GNOME Keyring or KWallet, is running on this computer".into()
    } else if has("autolaunch")
        || has("DBUS_SESSION_BUS_ADDRESS")
        || has("NotSupported")
        || has("connect")
        || has("socket")
    {
        "this session has no desktop keychain to talk to (it is not a full desktop session)".into()
    } else if has("locked") || has("dismissed") || has("prompt") || has("denied") {
        "the keychain is locked, or unlocking it was cancelled".into()
    } else {
        "the keychain did not answer as expected".into()
    }
}

impl TokenStore {
    pub fn new(data_dir: &Path) -> TokenStore {
        Self::with_sources(data_dir, Sources::System)
    }

    pub fn with_sources(data_dir: &Path, sources: Sources) -> TokenStore {
        let dir = data_dir
            .canonicalize()
            .unwrap_or_else(|_| data_dir.to_path_buf());
        TokenStore {
            file: data_dir.join(FILE_NAME),
            account: format!("bot-token:{}", dir.display()),
            sources,
        }
    }

    fn entry(&self) -> std::result::Result<keyring::Entry, keyring::Error> {
        match self.sources {
            Sources::System => keyring::Entry::new(SERVICE, &self.account),
            Sources::FileOnly => Err(keyring::Error::NoStorageAccess(
                "this shop keeps its token in its data folder only".into(),
            )),
        }
    }

    /// Asks the keychain for this shop's entry: "none yet" means it works.
    pub fn keychain(&self) -> Keychain {
        match self.entry().and_then(|e| e.get_password()) {
            Ok(_) | Err(keyring::Error::NoEntry) => Keychain {
                available: true,
                reason: None,
            },
            Err(e) => Keychain {
                available: false,
                reason: Some(keychain_error(e)),
            },
        }
    }

    /// The saved token and where it came from: the environment, the keychain, then the file.
    pub fn load(&self) -> Result<Option<(String, TokenPlace)>> {
        if self.sources == Sources::System
            && let Ok(t) = std::env::var(ENV)
            && !t.trim().is_empty()
        {
            return Ok(Some((t.trim().to_string(), TokenPlace::Environment)));
        }
        if let Ok(t) = self.entry().and_then(|e| e.get_password())
            && !t.trim().is_empty()
        {
            return Ok(Some((t.trim().to_string(), TokenPlace::Keychain)));
        }
        match std::fs::read_to_string(&self.file) {
            Ok(t) if !t.trim().is_empty() => Ok(Some((t.trim().to_string(), TokenPlace::File))),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Saves the token in the keychain; without one, in the file only when `allow_file`.
    pub fn save(&self, token: &str, allow_file: bool) -> Result<TokenPlace> {
        let saved = self.entry().and_then(|e| e.set_password(token));
        match saved {
            Ok(()) => {
                // One place only: a token left in the file would outlive a later "forget".
                remove_if_present(&self.file)?;
                Ok(TokenPlace::Keychain)
            }
            Err(e) if allow_file => {
                tracing::info!(reason = %keychain_error(e), "no keychain; keeping the bot token in the data folder");
                write_private(&self.file, token)?;
                Ok(TokenPlace::File)
            }
            Err(e) => Err(Error::Conflict(format!(
                "The system keychain is not available ({}): the token can be kept in a file in \
                 the data folder instead, readable only by your user. Tick \"Keep the token in a \
                 file in the data folder\" to do that.",
                keychain_error(e)
            ))),
        }
    }

    /// Removes the token from both places.
    pub fn forget(&self) -> Result<()> {
        if let Ok(e) = self.entry() {
            match e.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => {}
                Err(e) => {
                    tracing::debug!(reason = %keychain_error(e), "keychain not available to forget the token")
                }
            }
        }
        remove_if_present(&self.file)
    }

    pub fn file_path(&self) -> &Path {
        &self.file
    }
}

/// The bot a token belongs to, as Telegram's `getMe` describes it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BotIdentity {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
}

/// Asks Telegram (or the simulator at `api_url`) who a token belongs to; nothing is saved.
pub async fn identify(api_url: &str, token: &str) -> Result<BotIdentity> {
    use teloxide::prelude::*;
    let token = token.trim();
    crate::runtime::validate_token(token)?;
    let url = reqwest::Url::parse(api_url)
        .map_err(|_| Error::invalid(format!("\"{api_url}\" is not a valid Bot API address.")))?;
    let bot = Bot::new(token).set_api_url(url);
    let me = match tokio::time::timeout(std::time::Duration::from_secs(15), bot.get_me().send())
        .await
    {
        Err(_) => {
            return Err(Error::TelegramWords(format!(
                "{} did not answer within 15 seconds: check the internet connection and try again.",
                capital(&place_words(api_url))
            )));
        }
        Ok(Err(e)) => return Err(telegram_error(&e, api_url, token)),
        Ok(Ok(me)) => me,
    };
    Ok(BotIdentity {
        id: me.id.0 as i64,
        first_name: me.user.first_name.clone(),
        username: me.user.username.clone(),
    })
}

/// "Telegram", or the Bot API server at a non-standard address (the simulator, a local server).
fn place_words(api_url: &str) -> String {
    let host = reqwest::Url::parse(api_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    match host.as_deref() {
        Some("api.telegram.org") | None => "Telegram".into(),
        Some(_) => format!("the Bot API server at {}", api_url.trim_end_matches('/')),
    }
}

/// The same words at the start of a sentence.
fn capital(words: &str) -> String {
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A failed call to Telegram with a token, in words the merchant can act on; never the token.
pub fn telegram_error(e: &teloxide::RequestError, api_url: &str, token: &str) -> Error {
    use teloxide::{ApiError, RequestError};
    let place = place_words(api_url);
    let words = match e {
        RequestError::Api(ApiError::InvalidToken) => {
            return Error::invalid(
                "Telegram does not know this token: copy it again from @BotFather \
                 (/mybots → your bot → API Token).",
            );
        }
        RequestError::Network(n) if n.is_timeout() => {
            format!(
                "{} did not answer in time: check the internet connection and try again.",
                capital(&place)
            )
        }
        RequestError::Network(_) | RequestError::Io(_) if place == "Telegram" => {
            "Can't reach Telegram: check the internet connection.".to_string()
        }
        RequestError::Network(_) | RequestError::Io(_) => {
            format!("Can't reach {place}: check that it is running and the address is right.")
        }
        RequestError::RetryAfter(s) => format!(
            "Telegram asks to wait {} seconds before the next try.",
            s.seconds()
        ),
        RequestError::InvalidJson { .. } => format!(
            "{} gave an answer that is not the Bot API's: check the Bot API address.",
            capital(&place)
        ),
        RequestError::Api(ApiError::Unknown(m)) if m.contains("Conflict") => {
            "Another program is using this bot token right now (Telegram allows one at a time): \
             stop it, then try again."
                .to_string()
        }
        RequestError::Api(other) => format!("Telegram refused: {other}."),
        RequestError::MigrateToChatId(_) => "Telegram answered something unexpected.".to_string(),
    };
    Error::TelegramWords(redact(&words, token))
}

/// The bot's status line when a call to Telegram fails while it starts.
pub fn status_words(e: &teloxide::RequestError, api_url: &str, token: &str) -> String {
    match telegram_error(e, api_url, token) {
        Error::Invalid(_) => {
            "Telegram does not know the bot token: connect the bot again in Settings with the \
             token from @BotFather."
                .into()
        }
        other => other.to_string(),
    }
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Writes a file only its owner can read, even if it existed before with wider permissions.
fn write_private(path: &Path, content: &str) -> Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(content.as_bytes())?;
        file.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let mut file = options.open(path)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()?;
    }
    Ok(())
}

/// Replaces the token wherever it appears in a message meant for a log or the window.
pub fn redact(message: &str, token: &str) -> String {
    if token.is_empty() {
        return message.to_string();
    }
    let mut out = message.replace(token, "<bot token>");
    // Telegram URLs carry the token after "bot"; its secret half alone is just as private.
    if let Some((_, secret)) = token.split_once(':')
        && secret.len() >= 8
    {
        out = out.replace(secret, "<secret>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_is_private_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        write_private(&path, "123:secret-value").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "123:secret-value");
        remove_if_present(&path).unwrap();
        remove_if_present(&path).unwrap();
        assert!(!path.exists());
    }

    #[test]
    fn keychain_problems_are_said_in_plain_words() {
        let dbus = "DBus error: org.freedesktop.DBus.Error.ServiceUnknown: The name \
                    org.freedesktop.secrets was not provided by any .service files";
        assert_eq!(
            keychain_words(dbus),
            "no keychain service, such as GNOME Keyring or KWallet, is running on this computer"
        );
        assert!(
            keychain_words(
                "D-Bus error: Unable to autolaunch a dbus-daemon without a $DISPLAY for X11 \
                 (org.freedesktop.DBus.Error.NotSupported)"
            )
            .contains("no desktop keychain")
        );
        assert!(keychain_words("Prompt dismissed").contains("locked"));
        assert!(!keychain_words("weird").contains("DBus"));
        let dir = tempfile::tempdir().unwrap();
        let tokens = TokenStore::with_sources(dir.path(), Sources::FileOnly);
        let e = tokens
            .save("123:secret-value", false)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("The system keychain is not available ("),
            "{e}"
        );
        assert!(e.contains("file in the data folder"), "{e}");
        assert!(!dir.path().join(FILE_NAME).exists());
        assert_eq!(
            tokens.save("123:secret-value", true).unwrap(),
            TokenPlace::File
        );
    }

    #[tokio::test]
    async fn an_unreachable_telegram_is_said_in_plain_words() {
        // Nothing listens on port 9 of this machine: the connection is refused.
        let e = identify("http://127.0.0.1:9/", "123456:secret-value")
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Can't reach the Bot API server at http://127.0.0.1:9: check that it is running and \
             the address is right."
        );
        assert_eq!(e.code(), "telegram");
        // The same network error on the way to Telegram itself.
        let network = reqwest::get("http://127.0.0.1:9/").await.unwrap_err();
        let e = teloxide::RequestError::Network(std::sync::Arc::new(network));
        assert_eq!(
            telegram_error(&e, crate::runtime::TELEGRAM_API, "123456:secret-value").to_string(),
            "Can't reach Telegram: check the internet connection."
        );
    }

    #[test]
    fn the_bot_status_says_what_went_wrong_in_plain_words() {
        use teloxide::{ApiError, RequestError};
        let api = crate::runtime::TELEGRAM_API;
        assert_eq!(
            status_words(
                &RequestError::Api(ApiError::InvalidToken),
                api,
                "1:abcdefghij"
            ),
            "Telegram does not know the bot token: connect the bot again in Settings with the \
             token from @BotFather."
        );
        let conflict = RequestError::Api(ApiError::Unknown(
            "Conflict: terminated by other getUpdates request".into(),
        ));
        assert!(status_words(&conflict, api, "").starts_with("Another program is using this bot"));
        let wait = RequestError::RetryAfter(teloxide::types::Seconds::from_seconds(7));
        assert_eq!(
            status_words(&wait, api, ""),
            "Telegram asks to wait 7 seconds before the next try."
        );
    }

    #[cfg(feature = "demo")]
    #[tokio::test]
    async fn a_token_telegram_does_not_know_is_said_in_plain_words() {
        let sim = bot_api_sim::SimServer::start("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        // The simulator, like Telegram, answers 401 Unauthorized to a secret it cannot read.
        let e = identify(&sim.url(), "123456:not.a.secret")
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Telegram does not know this token: copy it again from @BotFather (/mybots → your \
             bot → API Token)."
        );
        let me = identify(&sim.url(), "123456:real-secret").await.unwrap();
        assert_eq!(me.id, 123456);
        sim.shutdown().await;
    }

    #[test]
    fn a_token_is_redacted_from_messages() {
        let token = "123456:ABCdefGHIjkl";
        let msg =
            "error sending request for url (https://api.telegram.org/bot123456:ABCdefGHIjkl/GetMe)";
        let out = redact(msg, token);
        assert!(!out.contains("ABCdefGHIjkl"), "{out}");
        assert!(out.contains("<bot token>"));
    }
}
