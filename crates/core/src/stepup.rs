//! Step-up for risky actions: the merchant's authenticator app (TOTP), its enrolment, the check
//! of a current code, and the lock after too many wrong codes. Refunds above the threshold, bulk
//! refunds, changing the bot token or the refund policy and turning step-up off call `check` first.

use qrcode::{EcLevel, QrCode, render::svg};
use serde::{Deserialize, Serialize};
use sqlx::SqliteExecutor;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::{
    db::{self, Store, now},
    error::{Error, Result},
};

// Settings keys. The store has no delete for settings: an empty value means "not set".
const SECRET: &str = "stepup_secret";
const PENDING_SECRET: &str = "stepup_pending_secret";
const THRESHOLD: &str = "stepup_threshold";
const FAILURES: &str = "stepup_failures";
const LOCKED_UNTIL: &str = "stepup_locked_until";
/// The last time step whose code was accepted: a code is good once (RFC 6238 §5.2).
const LAST_STEP: &str = "stepup_last_step";

/// A refund of more Stars than this asks for a code, unless the merchant set another amount.
pub const DEFAULT_THRESHOLD: i64 = 500;
pub const MAX_THRESHOLD: i64 = 100_000;
/// Wrong codes in a row that lock the risky actions.
pub const MAX_FAILURES: i64 = 5;
pub const LOCK_SECONDS: i64 = 300;
const ISSUER: &str = "Stardesk";

// What the merchant reads.
const ENTER_CODE: &str = "Enter the 6-digit code from your authenticator app.";
const CODE_USED: &str =
    "That code was already used. Wait for the next code in your authenticator app.";
const CONFIRM_WRONG: &str = "That code is not right. Enter the code the authenticator app shows \
     now for Stardesk; if it is still refused, check that the clocks of this computer and the \
     phone are right.";

fn wrong_code(tries_left: i64) -> String {
    let tries = if tries_left == 1 { "try" } else { "tries" };
    format!("That code is not right ({tries_left} {tries} left).")
}

fn locked(until: i64, now: i64) -> Error {
    let at = chrono::DateTime::from_timestamp(until, 0)
        .unwrap_or_default()
        .format("%H:%M");
    let minutes = ((until - now + 59) / 60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    Error::Locked(format!(
        "Too many wrong codes: refunds, token and policy changes are locked until {at} UTC, \
         in about {minutes} {unit}."
    ))
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StepUpStatus {
    pub enrolled: bool,
    /// Refunds of more Stars than this ask for a code.
    pub threshold: i64,
    /// While locked, when the lock ends (UTC unix seconds).
    pub locked_until: Option<i64>,
    /// Wrong codes still allowed before the lock (0 while locked).
    pub failures_left: i64,
}

/// A new authenticator to add, waiting for its first code.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Enrolment {
    /// The key in base32, for typing it into the app by hand.
    pub secret: String,
    /// `otpauth://totp/Stardesk:<account>?secret=…&issuer=Stardesk`
    pub uri: String,
    /// The URI as a QR code, an SVG document.
    pub qr_svg: String,
}

pub async fn status(store: &Store) -> Result<StepUpStatus> {
    status_at(store, now()).await
}

pub async fn status_at(store: &Store, now: i64) -> Result<StepUpStatus> {
    let mut conn = store.read.acquire().await?;
    let enrolled = value(&mut *conn, SECRET).await?.is_some();
    let threshold = threshold(&mut *conn).await?;
    let locked_until = number(&mut *conn, LOCKED_UNTIL)
        .await?
        .filter(|&until| until > now);
    let failures = number(&mut *conn, FAILURES).await?.unwrap_or(0);
    Ok(StepUpStatus {
        enrolled,
        threshold,
        locked_until,
        failures_left: if locked_until.is_some() {
            0
        } else {
            (MAX_FAILURES - failures).max(0)
        },
    })
}

/// Starts enrolling an authenticator for `account` (the name the app shows under "Stardesk"): a
/// new key, kept until its first code confirms it. Starting again replaces the waiting key.
pub async fn begin(store: &Store, account: &str) -> Result<Enrolment> {
    // The otpauth label is "issuer:account", so the account cannot hold a colon.
    let account = account.replace(':', " ").trim().to_string();
    if account.is_empty() {
        return Err(Error::invalid(
            "Name the account the authenticator app shows this key under.",
        ));
    }
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| Error::invalid(format!("The authenticator key could not be made: {e}")))?;
    let secret = totp.secret().to_base32();
    let uri = totp
        .to_url()
        .map_err(|e| Error::invalid(format!("The authenticator link could not be made: {e}")))?;
    let qr_svg = QrCode::with_error_correction_level(&uri, EcLevel::M)
        .map_err(|e| Error::invalid(format!("The QR code could not be made: {e}")))?
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .build();

    let mut tx = store.write.begin().await?;
    if value(&mut *tx, SECRET).await?.is_some() {
        return Err(Error::invalid(
            "Step-up is already on: turn step-up off first to use another authenticator.",
        ));
    }
    db::settings::set(&mut *tx, PENDING_SECRET, &secret).await?;
    tx.commit().await?;
    Ok(Enrolment {
        secret,
        uri,
        qr_svg,
    })
}

/// Turns step-up on when `code` is a current code of the waiting key. A wrong code here does not
/// count toward the lock: nothing is protected yet.
pub async fn confirm(store: &Store, code: &str) -> Result<()> {
    confirm_at(store, code, now()).await
}

pub async fn confirm_at(store: &Store, code: &str, now: i64) -> Result<()> {
    let mut tx = store.write.begin().await?;
    if value(&mut *tx, SECRET).await?.is_some() {
        return Err(Error::invalid("Step-up is already on."));
    }
    let Some(pending) = value(&mut *tx, PENDING_SECRET).await? else {
        return Err(Error::invalid(
            "No authenticator is waiting to be confirmed: start again.",
        ));
    };
    let code = digits(code);
    if code.is_empty() {
        return Err(Error::StepUp(ENTER_CODE.into()));
    }
    let Some(step) = verify(&totp(&pending)?, &code, now) else {
        return Err(Error::StepUp(CONFIRM_WRONG.into()));
    };
    db::settings::set(&mut *tx, SECRET, &pending).await?;
    db::settings::set(&mut *tx, PENDING_SECRET, "").await?;
    db::settings::set(&mut *tx, FAILURES, "0").await?;
    db::settings::set(&mut *tx, LOCKED_UNTIL, "").await?;
    // The code that confirmed cannot also approve the first risky action.
    db::settings::set(&mut *tx, LAST_STEP, &step.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Lets a risky action go ahead: always without step-up, otherwise with a current code that was
/// not used before. Wrong codes count; the fifth in a row locks risky actions for five minutes.
pub async fn check(store: &Store, code: Option<&str>) -> Result<()> {
    check_at(store, code, now()).await
}

pub async fn check_at(store: &Store, code: Option<&str>, now: i64) -> Result<()> {
    // One transaction on the single writer: two checks at once cannot both spend the same try or
    // the same code.
    let mut tx = store.write.begin().await?;
    let Some(secret) = value(&mut *tx, SECRET).await? else {
        return Ok(());
    };
    if let Some(until) = number(&mut *tx, LOCKED_UNTIL).await?
        && until > now
    {
        return Err(locked(until, now));
    }
    let code = code.map(digits).unwrap_or_default();
    if code.is_empty() {
        return Err(Error::StepUp(ENTER_CODE.into()));
    }
    match verify(&totp(&secret)?, &code, now) {
        Some(step) => {
            let last = number(&mut *tx, LAST_STEP).await?;
            if last.is_some_and(|last| step <= last) {
                // Refused without counting: likely the same code sent twice, not a guess.
                return Err(Error::StepUp(CODE_USED.into()));
            }
            db::settings::set(&mut *tx, FAILURES, "0").await?;
            db::settings::set(&mut *tx, LAST_STEP, &step.to_string()).await?;
            tx.commit().await?;
            Ok(())
        }
        None => {
            let failures = number(&mut *tx, FAILURES).await?.unwrap_or(0) + 1;
            if failures >= MAX_FAILURES {
                let until = now + LOCK_SECONDS;
                db::settings::set(&mut *tx, LOCKED_UNTIL, &until.to_string()).await?;
                db::settings::set(&mut *tx, FAILURES, "0").await?;
                tx.commit().await?;
                Err(locked(until, now))
            } else {
                db::settings::set(&mut *tx, FAILURES, &failures.to_string()).await?;
                tx.commit().await?;
                Err(Error::StepUp(wrong_code(MAX_FAILURES - failures)))
            }
        }
    }
}

/// Whether a refund of `stars` asks for a code: step-up is on and the amount is above the
/// threshold.
pub async fn required_for_refund(store: &Store, stars: i64) -> Result<bool> {
    let mut conn = store.read.acquire().await?;
    Ok(value(&mut *conn, SECRET).await?.is_some() && stars > threshold(&mut *conn).await?)
}

/// Turns step-up off; it takes a current code like any risky action.
pub async fn disable(store: &Store, code: Option<&str>) -> Result<()> {
    disable_at(store, code, now()).await
}

pub async fn disable_at(store: &Store, code: Option<&str>, now: i64) -> Result<()> {
    check_at(store, code, now).await?;
    let mut tx = store.write.begin().await?;
    for key in [SECRET, PENDING_SECRET, FAILURES, LOCKED_UNTIL, LAST_STEP] {
        db::settings::set(&mut *tx, key, "").await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the refund amount above which a code is asked; with step-up on, the change itself takes
/// a code.
pub async fn set_threshold(store: &Store, stars: i64, code: Option<&str>) -> Result<()> {
    set_threshold_at(store, stars, code, now()).await
}

pub async fn set_threshold_at(
    store: &Store,
    stars: i64,
    code: Option<&str>,
    now: i64,
) -> Result<()> {
    // Checked before the code, so a mistyped amount does not spend a try.
    if !(1..=MAX_THRESHOLD).contains(&stars) {
        return Err(Error::invalid(
            "The amount must be between 1 and 100,000 Stars.",
        ));
    }
    check_at(store, code, now).await?;
    db::settings::set(&store.write, THRESHOLD, &stars.to_string()).await
}

/// The code without the spaces people type or paste ("123 456").
fn digits(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The time step `code` belongs to, when it is a current code of `totp` (one step either side
/// for clocks that drift).
fn verify(totp: &Totp, code: &str, now: i64) -> Option<i64> {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp.check(code, now.max(0) as u64)
        .and_then(|step| i64::try_from(step).ok())
}

/// The authenticator apps' standard: SHA-1, 6 digits, 30-second steps.
fn totp(secret: &str) -> Result<Totp> {
    let bytes = Secret::try_from_base32(secret)
        .map_err(|_| Error::invalid("The saved authenticator key is damaged: enrol again."))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_skew(1)
        .with_secret(bytes)
        .build()
        .map_err(|_| Error::invalid("The saved authenticator key is damaged: enrol again."))
}

async fn value(db: impl SqliteExecutor<'_>, key: &str) -> Result<Option<String>> {
    Ok(db::settings::get(db, key).await?.filter(|v| !v.is_empty()))
}

async fn number(db: impl SqliteExecutor<'_>, key: &str) -> Result<Option<i64>> {
    Ok(value(db, key).await?.and_then(|v| v.parse().ok()))
}

async fn threshold(db: impl SqliteExecutor<'_>) -> Result<i64> {
    Ok(number(db, THRESHOLD).await?.unwrap_or(DEFAULT_THRESHOLD))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A time at the start of a 30-second step.
    const T: i64 = 1_800_000_000;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        (dir, store)
    }

    /// The code the merchant's app shows at `at`.
    fn code(secret: &str, at: i64) -> String {
        totp(secret).unwrap().generate(at as u64).to_string()
    }

    /// A code that is not right at `at`, nor one step either side.
    fn wrong(secret: &str, at: i64) -> String {
        let right = [at - 30, at, at + 30].map(|t| code(secret, t));
        ["000000", "111111", "222222", "333333"]
            .into_iter()
            .find(|c| !right.iter().any(|r| r == c))
            .unwrap()
            .to_string()
    }

    /// Enrolled at `T`; returns the secret.
    async fn enrolled(store: &Store) -> String {
        let enrolment = begin(store, "shop@example.com").await.unwrap();
        confirm_at(store, &code(&enrolment.secret, T), T)
            .await
            .unwrap();
        enrolment.secret
    }

    #[tokio::test]
    async fn enrolment_is_confirmed_by_a_right_code_not_a_wrong_one() {
        let (_dir, store) = store().await;
        let enrolment = begin(&store, "shop@example.com").await.unwrap();
        assert_eq!(enrolment.secret.len(), 32, "160 bits in base32");
        assert_eq!(
            enrolment.uri,
            format!(
                "otpauth://totp/Stardesk:shop%40example.com?secret={}&issuer=Stardesk",
                enrolment.secret
            )
        );
        assert!(enrolment.qr_svg.contains("<svg"), "{}", enrolment.qr_svg);
        assert!(!status_at(&store, T).await.unwrap().enrolled);

        let e = confirm_at(&store, &wrong(&enrolment.secret, T), T)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::StepUp(_)), "{e}");
        assert!(!status_at(&store, T).await.unwrap().enrolled);

        let right = code(&enrolment.secret, T);
        confirm_at(&store, &format!("{} {}", &right[..3], &right[3..]), T)
            .await
            .unwrap();
        assert_eq!(
            status_at(&store, T).await.unwrap(),
            StepUpStatus {
                enrolled: true,
                threshold: 500,
                locked_until: None,
                failures_left: 5,
            }
        );
        let e = begin(&store, "shop@example.com").await.unwrap_err();
        assert!(
            matches!(&e, Error::Invalid(m) if m.contains("turn step-up off first")),
            "{e}"
        );
    }

    #[tokio::test]
    async fn starting_again_replaces_the_waiting_key() {
        let (_dir, store) = store().await;
        let first = begin(&store, "shop").await.unwrap();
        let second = begin(&store, "shop").await.unwrap();
        assert_ne!(first.secret, second.secret);
        let e = confirm_at(&store, &code(&first.secret, T), T)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::StepUp(_)), "{e}");
        confirm_at(&store, &code(&second.secret, T), T)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn wrong_confirm_codes_do_not_lock() {
        let (_dir, store) = store().await;
        let enrolment = begin(&store, "shop").await.unwrap();
        for _ in 0..MAX_FAILURES + 1 {
            confirm_at(&store, &wrong(&enrolment.secret, T), T)
                .await
                .unwrap_err();
        }
        confirm_at(&store, &code(&enrolment.secret, T), T)
            .await
            .unwrap();
        let status = status_at(&store, T).await.unwrap();
        assert_eq!((status.locked_until, status.failures_left), (None, 5));
    }

    #[tokio::test]
    async fn without_step_up_nothing_asks_for_a_code() {
        let (_dir, store) = store().await;
        check_at(&store, None, T).await.unwrap();
        check_at(&store, Some("nonsense"), T).await.unwrap();
        assert!(!required_for_refund(&store, 10_000).await.unwrap());
    }

    #[tokio::test]
    async fn a_risky_action_needs_a_code() {
        let (_dir, store) = store().await;
        enrolled(&store).await;
        for missing in [None, Some(""), Some("   ")] {
            let e = check_at(&store, missing, T + 30).await.unwrap_err();
            assert!(
                matches!(&e, Error::StepUp(m) if m.contains("6-digit code")),
                "{e}"
            );
        }
        assert_eq!(
            status_at(&store, T + 30).await.unwrap().failures_left,
            5,
            "asking for a code is not a wrong code"
        );
    }

    #[tokio::test]
    async fn a_right_code_passes_once() {
        let (_dir, store) = store().await;
        let secret = enrolled(&store).await;
        let e = check_at(&store, Some(&code(&secret, T)), T + 1)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, Error::StepUp(m) if m.contains("already used")),
            "the confirming code is spent: {e}"
        );

        let right = code(&secret, T + 30);
        let spaced = format!("{} {}", &right[..3], &right[3..]);
        check_at(&store, Some(&spaced), T + 31).await.unwrap();
        let e = check_at(&store, Some(&right), T + 40).await.unwrap_err();
        assert!(
            matches!(&e, Error::StepUp(m) if m.contains("already used")),
            "{e}"
        );
        assert_eq!(
            status_at(&store, T + 40).await.unwrap().failures_left,
            5,
            "a replay is refused without spending a try"
        );
        // The clock one step behind the app's: the next code is still taken.
        check_at(&store, Some(&code(&secret, T + 60)), T + 45)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn codes_of_another_shape_are_wrong() {
        let (_dir, store) = store().await;
        enrolled(&store).await;
        for (i, bad) in ["12345", "1234567", "abcdef"].into_iter().enumerate() {
            let e = check_at(&store, Some(bad), T + 30).await.unwrap_err();
            let left = MAX_FAILURES - 1 - i as i64;
            assert!(
                matches!(&e, Error::StepUp(m) if m.contains(&format!("({left} tries left)"))),
                "{e}"
            );
        }
    }

    #[tokio::test]
    async fn a_right_code_resets_the_wrong_ones() {
        let (_dir, store) = store().await;
        let secret = enrolled(&store).await;
        let at = T + 30;
        for _ in 0..3 {
            check_at(&store, Some(&wrong(&secret, at)), at)
                .await
                .unwrap_err();
        }
        assert_eq!(status_at(&store, at).await.unwrap().failures_left, 2);
        check_at(&store, Some(&code(&secret, at)), at)
            .await
            .unwrap();
        assert_eq!(status_at(&store, at).await.unwrap().failures_left, 5);
    }

    #[tokio::test]
    async fn five_wrong_codes_lock_for_five_minutes() {
        let (_dir, store) = store().await;
        let secret = enrolled(&store).await;
        let at = T + 30;
        for left in (1..MAX_FAILURES).rev() {
            let e = check_at(&store, Some(&wrong(&secret, at)), at)
                .await
                .unwrap_err();
            let tries = if left == 1 { "try" } else { "tries" };
            assert!(
                matches!(&e, Error::StepUp(m) if m.contains(&format!("({left} {tries} left)"))),
                "{e}"
            );
        }
        let e = check_at(&store, Some(&wrong(&secret, at)), at)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "step_up_locked");
        // T + 30 + 300 is 08:05:30 UTC on 2027-01-15.
        assert_eq!(
            e.to_string(),
            "Too many wrong codes: refunds, token and policy changes are locked until 08:05 UTC, \
             in about 5 minutes."
        );
        assert_eq!(
            status_at(&store, at).await.unwrap(),
            StepUpStatus {
                enrolled: true,
                threshold: 500,
                locked_until: Some(at + LOCK_SECONDS),
                failures_left: 0,
            }
        );

        let later = at + 200;
        let e = check_at(&store, Some(&code(&secret, later)), later)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, Error::Locked(m) if m.contains("in about 2 minutes")),
            "a right code is refused while locked: {e}"
        );
        let e = disable_at(&store, Some(&code(&secret, later)), later)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Locked(_)), "{e}");

        let after = at + LOCK_SECONDS;
        check_at(&store, Some(&code(&secret, after)), after)
            .await
            .unwrap();
        let status = status_at(&store, after).await.unwrap();
        assert_eq!((status.locked_until, status.failures_left), (None, 5));
    }

    #[tokio::test]
    async fn refunds_above_the_threshold_need_step_up() {
        let (_dir, store) = store().await;
        assert!(!required_for_refund(&store, 501).await.unwrap());
        let secret = enrolled(&store).await;
        assert!(!required_for_refund(&store, 500).await.unwrap());
        assert!(required_for_refund(&store, 501).await.unwrap());

        set_threshold_at(&store, 1000, Some(&code(&secret, T + 30)), T + 30)
            .await
            .unwrap();
        assert!(!required_for_refund(&store, 1000).await.unwrap());
        assert!(required_for_refund(&store, 1001).await.unwrap());
    }

    #[tokio::test]
    async fn turning_step_up_off_needs_a_code() {
        let (_dir, store) = store().await;
        let secret = enrolled(&store).await;
        let at = T + 30;
        let e = disable_at(&store, None, at).await.unwrap_err();
        assert!(matches!(e, Error::StepUp(_)), "{e}");
        let e = disable_at(&store, Some(&wrong(&secret, at)), at)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::StepUp(_)), "{e}");
        assert!(status_at(&store, at).await.unwrap().enrolled);

        disable_at(&store, Some(&code(&secret, at)), at)
            .await
            .unwrap();
        assert_eq!(
            status_at(&store, at).await.unwrap(),
            StepUpStatus {
                enrolled: false,
                threshold: 500,
                locked_until: None,
                failures_left: 5,
            }
        );
        check_at(&store, None, at).await.unwrap();
        assert!(!required_for_refund(&store, 10_000).await.unwrap());
        begin(&store, "shop").await.unwrap();
    }

    #[tokio::test]
    async fn the_threshold_is_between_1_and_100_000_stars() {
        let (_dir, store) = store().await;
        for bad in [0, -1, 100_001] {
            let e = set_threshold_at(&store, bad, None, T).await.unwrap_err();
            assert!(matches!(e, Error::Invalid(_)), "{bad}: {e}");
        }
        set_threshold_at(&store, 1, None, T).await.unwrap();
        set_threshold_at(&store, 100_000, None, T).await.unwrap();
        assert_eq!(status_at(&store, T).await.unwrap().threshold, 100_000);

        let secret = enrolled(&store).await;
        let at = T + 30;
        let e = set_threshold_at(&store, 700, None, at).await.unwrap_err();
        assert!(matches!(e, Error::StepUp(_)), "{e}");
        let e = set_threshold_at(&store, 0, Some(&wrong(&secret, at)), at)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{e}");
        assert_eq!(
            status_at(&store, at).await.unwrap().failures_left,
            5,
            "a bad amount does not spend a try"
        );
        set_threshold_at(&store, 700, Some(&code(&secret, at)), at)
            .await
            .unwrap();
        assert_eq!(status_at(&store, at).await.unwrap().threshold, 700);
    }
}
