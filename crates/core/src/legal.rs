//! The legal block in the chat: the terms (the offer), the refund policy and the seller's
//! details, in one message from /terms, /help's button and each card's Terms button. The shop can
//! require acceptance before a customer's first purchase: an "I accept the terms" tap, kept per
//! customer and version; when the terms or the refund policy change, the version goes up and
//! customers are asked again.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{
    audit::{self, Line, Who},
    db::{self, Store, now},
    error::{Error, Result},
    settings, texts,
};

const SELLER_NAME: &str = "legal.seller_name";
const SELLER_CONTACT: &str = "legal.seller_contact";
const SELLER_ADDRESS: &str = "legal.seller_address";
pub(crate) const REQUIRE: &str = "legal.require_acceptance";
pub(crate) const VERSION: &str = "legal.terms_version";

/// The texts whose change makes a new version of the terms.
pub const TERMS_TEXTS: [&str; 2] = ["terms", "refunds"];

const MAX_DETAIL: usize = 300;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct LegalDraft {
    /// The seller as customers should know them: a name or a company.
    pub seller_name: String,
    /// How to reach the seller: an e-mail, a @username, a phone number.
    pub seller_contact: String,
    /// An address or a registration number, as the law where the seller is asks.
    pub seller_address: String,
    /// A customer accepts the terms before their first purchase (and again for a new version).
    pub require_acceptance: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Legal {
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub draft: LegalDraft,
    /// The terms' version: 1, and one more each time the terms or the refund policy change.
    pub version: i64,
    /// Customers who accepted this version.
    pub accepted: i64,
}

async fn get_setting(db: &mut SqliteConnection, key: &str) -> Result<String> {
    Ok(db::settings::get(&mut *db, key).await?.unwrap_or_default())
}

pub async fn get(store: &Store) -> Result<Legal> {
    let mut db = store.read.acquire().await?;
    let draft = LegalDraft {
        seller_name: get_setting(&mut db, SELLER_NAME).await?,
        seller_contact: get_setting(&mut db, SELLER_CONTACT).await?,
        seller_address: get_setting(&mut db, SELLER_ADDRESS).await?,
        require_acceptance: get_setting(&mut db, REQUIRE).await? == "1",
    };
    let version = version(&mut db).await?;
    let accepted = db::legal::accepted(&mut *db, version).await?;
    Ok(Legal {
        draft,
        version,
        accepted,
    })
}

async fn version(db: &mut SqliteConnection) -> Result<i64> {
    Ok(version_of(Some(&get_setting(db, VERSION).await?)))
}

/// The terms' version from its setting as stored (1 before the first change).
pub(crate) fn version_of(setting: Option<&str>) -> i64 {
    setting.and_then(|v| v.parse().ok()).unwrap_or(1)
}

pub async fn set(store: &Store, who: &Who, draft: &LegalDraft) -> Result<Legal> {
    let clean = |s: &str, what: &str| -> Result<String> {
        let s = s.trim();
        if s.chars().count() > MAX_DETAIL {
            return Err(Error::invalid(format!(
                "The {what} is too long: at most {MAX_DETAIL} characters."
            )));
        }
        Ok(s.to_string())
    };
    let draft = LegalDraft {
        seller_name: clean(&draft.seller_name, "seller's name")?,
        seller_contact: clean(&draft.seller_contact, "contact")?,
        seller_address: clean(&draft.seller_address, "address or registration")?,
        require_acceptance: draft.require_acceptance,
    };
    if draft.require_acceptance && draft.seller_name.is_empty() {
        return Err(Error::invalid(
            "Enter the seller's name before asking customers to accept the terms.",
        ));
    }
    let before = get(store).await?.draft;
    if before == draft {
        return get(store).await;
    }
    let mut tx = store.write.begin().await?;
    let fields = [
        (
            SELLER_NAME,
            "seller's name",
            &before.seller_name,
            &draft.seller_name,
        ),
        (
            SELLER_CONTACT,
            "seller's contact",
            &before.seller_contact,
            &draft.seller_contact,
        ),
        (
            SELLER_ADDRESS,
            "seller's address",
            &before.seller_address,
            &draft.seller_address,
        ),
    ];
    for (key, what, old, new) in fields {
        if old != new {
            db::settings::set(&mut *tx, key, new).await?;
            let line = Line {
                action: "legal.seller",
                subject: what.into(),
                before: Some(old.clone()),
                after: Some(new.clone()),
                reason: "",
            };
            audit::record(&mut *tx, who, line).await?;
        }
    }
    if before.require_acceptance != draft.require_acceptance {
        let on = draft.require_acceptance;
        db::settings::set(&mut *tx, REQUIRE, if on { "1" } else { "0" }).await?;
        let words = |on: bool| if on { "required" } else { "not required" };
        let line = Line {
            action: "legal.acceptance",
            subject: "acceptance of the terms before a first purchase".into(),
            before: Some(words(!on).into()),
            after: Some(words(on).into()),
            reason: "",
        };
        audit::record(&mut *tx, who, line).await?;
    }
    tx.commit().await?;
    get(store).await
}

/// A new version of the terms, in the caller's transaction (the terms or the refund policy
/// changed): every customer is asked again.
pub async fn bump_version(tx: &mut SqliteConnection) -> Result<i64> {
    let next = version(tx).await? + 1;
    db::settings::set(&mut *tx, VERSION, &next.to_string()).await?;
    Ok(next)
}

/// Records the customer's "I accept" of the current version; the version.
pub async fn accept(store: &Store, customer: i64) -> Result<i64> {
    let mut tx = store.write.begin().await?;
    let version = version(&mut tx).await?;
    db::legal::accept(&mut *tx, customer, version, now()).await?;
    tx.commit().await?;
    Ok(version)
}

/// The /terms message: the terms, the refund policy, the seller (Telegram HTML).
pub async fn message(store: &Store, l: crate::texts::Lang) -> Result<String> {
    let terms = settings::text(&store.read, "terms", l).await?;
    let refunds = settings::text(&store.read, "refunds", l).await?;
    let legal = get(store).await?;
    Ok(texts::legal_block(
        l,
        &texts::merchant_html(&terms),
        &texts::merchant_html(&refunds),
        &legal.draft,
        legal.version,
    ))
}
