//! Reconciliation with Telegram's star ledger: a payment with no order becomes one (flagged
//! recovered) and is delivered; a refund made elsewhere is recorded; the commission Telegram's
//! affiliate program took from a payment (reported only here, never in `successful_payment`) is
//! recorded against its order. The cursor belongs to one bot, so another bot's ledger (demo
//! mode's, a previous token's) never moves it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    affiliates::{self, Commission},
    channel_access,
    customers::Seen,
    db,
    error::{Error, Result},
    events::AppEvent,
    payments::{self, Payment, Recorded},
    refunds::{self, Who},
    shop::Shop,
    telegram::Telegram,
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ReconcileReport"))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Report {
    pub scanned: i64,
    pub recovered: i64,
    pub refunds_recorded: i64,
    /// Telegram's affiliate commissions recorded against their orders.
    pub affiliates_recorded: i64,
}

const PAGE: i64 = 100;

/// A periodic run leaves a payment with no order alone for this long: its update is most likely
/// on its way to the bot, and recovering it would race the handler (and flag a sale that was
/// never lost as recovered).
pub const SETTLE_SECONDS: i64 = 60;

fn cursor_key(bot_id: i64) -> String {
    format!("ledger_cursor:{bot_id}")
}

/// Makes this bot's next run read again from `offset` (never forward): for a transaction behind
/// the cursor that a run could not settle when it passed it.
pub async fn rewind(store: &crate::db::Store, bot_id: i64, offset: i64) -> Result<()> {
    let key = cursor_key(bot_id);
    let cursor: Option<i64> = db::settings::get(&store.write, &key)
        .await?
        .and_then(|v| v.parse().ok());
    if cursor.is_some_and(|c| c > offset) {
        db::settings::set(&store.write, &key, &offset.max(0).to_string()).await?;
    }
    Ok(())
}

/// Pages `getStarTransactions` from where this bot's last run stopped: at start-up and on demand.
pub async fn run(shop: &Shop, telegram: &dyn Telegram, bot_id: i64) -> Result<Report> {
    run_from(shop, telegram, bot_id, None).await
}

/// The runtime's periodic run: the same, except that a payment of the last [`SETTLE_SECONDS`]
/// (on the shop's clock) with no order yet is left for a later run, and the cursor stays before
/// it. An order made from its update gets its affiliate commission at the first run after both
/// exist.
pub async fn run_settled(shop: &Shop, telegram: &dyn Telegram, bot_id: i64) -> Result<Report> {
    let settled_before = shop.clock.now().await - SETTLE_SECONDS;
    run_from(shop, telegram, bot_id, Some(settled_before)).await
}

/// What became of one transaction.
#[derive(PartialEq, Eq)]
enum Applied {
    Done,
    /// A recent payment with no order: a later run looks again.
    Later,
}

async fn run_from(
    shop: &Shop,
    telegram: &dyn Telegram,
    bot_id: i64,
    settled_before: Option<i64>,
) -> Result<Report> {
    let mut report = Report::default();
    let key = cursor_key(bot_id);
    let cursor: i64 = db::settings::get(&shop.store.write, &key)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // Re-read a page behind the cursor: cheap, and it covers a crash mid-page.
    let mut offset = (cursor - PAGE).max(0);
    // The first transaction left for later: the cursor never passes it.
    let mut held: Option<i64> = None;
    loop {
        let page = telegram
            .star_transactions(offset, PAGE)
            .await
            .map_err(|e| Error::Telegram(e.to_string()))?;
        for (i, tx) in page.iter().enumerate() {
            report.scanned += 1;
            if apply(shop, telegram, tx, settled_before, &mut report).await? == Applied::Later {
                held.get_or_insert(offset + i as i64);
            }
        }
        offset += page.len() as i64;
        let cursor = held.unwrap_or(offset);
        db::settings::set(&shop.store.write, &key, &cursor.to_string()).await?;
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    if report.affiliates_recorded > 0 {
        shop.emit(AppEvent::AffiliatesRecorded {
            orders: report.affiliates_recorded,
        });
    }
    if report.refunds_recorded > 0 {
        // Buyers of channel access refunded elsewhere leave their channels.
        channel_access::remove_pending(shop, telegram).await?;
    }
    if report.recovered > 0 || report.refunds_recorded > 0 || report.affiliates_recorded > 0 {
        tracing::info!(?report, "reconciled with Telegram's ledger");
    }
    Ok(report)
}

async fn apply(
    shop: &Shop,
    telegram: &dyn Telegram,
    tx: &Value,
    settled_before: Option<i64>,
    report: &mut Report,
) -> Result<Applied> {
    let Some(charge_id) = tx["id"].as_str() else {
        return Ok(Applied::Done);
    };
    if tx["source"]["type"] == "user" {
        let source = &tx["source"];
        let user = &source["user"];
        let (Some(user_id), Some(payload)) =
            (user["id"].as_i64(), source["invoice_payload"].as_str())
        else {
            return Ok(Applied::Done);
        };
        // An affiliate Telegram's answer names unreadably must not stop the orders behind it.
        let commission = Commission::of_transaction(tx).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "affiliate commission not recorded");
            None
        });
        let order_id = match db::orders::by_charge(&shop.store.write, charge_id).await? {
            Some(order) => order.id,
            None => {
                let date = tx["date"].as_i64().unwrap_or(0);
                if settled_before.is_some_and(|t| date > t) {
                    return Ok(Applied::Later);
                }
                let pay = Payment {
                    charge_id,
                    provider_charge_id: None,
                    customer: Seen {
                        id: user_id,
                        first_name: user["first_name"].as_str().unwrap_or("Customer"),
                        username: user["username"].as_str(),
                        language_code: user["language_code"].as_str(),
                    },
                    // The price the customer paid: the ledger's amount is the bot's share.
                    total_amount: affiliates::gross_of(tx, commission.as_ref()),
                    payload,
                    recovered: true,
                    first: false,
                    expires_at: None,
                };
                match payments::paid(shop, telegram, &pay).await? {
                    Recorded::New { order, .. } => {
                        report.recovered += 1;
                        order.id
                    }
                    Recorded::Existing(order) => order.id,
                }
            }
        };
        if let Some(c) = &commission
            && affiliates::record(&shop.store, order_id, c).await?
        {
            report.affiliates_recorded += 1;
        }
    } else if tx["receiver"]["type"] == "user"
        && refunds::record_by_charge(shop, charge_id, &Who::telegram(), refunds::OUTSIDE).await?
    {
        report.refunds_recorded += 1;
    }
    Ok(Applied::Done)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use futures::future::BoxFuture;
    use serde_json::json;

    use super::*;
    use crate::{
        db::{Store, fixtures},
        telegram::{Document, SendError},
    };

    /// A Telegram whose ledger is a list, and which takes every send and refund.
    #[derive(Default)]
    struct Ledger(Mutex<Vec<Value>>);

    impl Telegram for Ledger {
        fn send_html(&self, _: i64, _: String) -> BoxFuture<'_, Result<(), SendError>> {
            Box::pin(async { Ok(()) })
        }
        fn send_document(
            &self,
            _: i64,
            _: Document,
            _: String,
        ) -> BoxFuture<'_, Result<Option<String>, SendError>> {
            Box::pin(async { Ok(None) })
        }
        fn refund_star_payment(&self, _: i64, _: String) -> BoxFuture<'_, Result<(), SendError>> {
            Box::pin(async { Ok(()) })
        }
        fn star_transactions(
            &self,
            offset: i64,
            limit: i64,
        ) -> BoxFuture<'_, Result<Vec<Value>, SendError>> {
            let page = self
                .0
                .lock()
                .unwrap()
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .cloned()
                .collect();
            Box::pin(async move { Ok(page) })
        }
    }

    async fn shop(dir: &tempfile::TempDir) -> Shop {
        let store = Store::open(dir.path()).await.unwrap();
        Shop::open_with_events(store).await.unwrap().0
    }

    /// A payment of `total` Stars from customer 7, with Carol (user 9) taking 125 per mille.
    fn paid_through_carol(charge_id: &str, date: i64) -> Value {
        json!({
            "id": charge_id, "amount": 218, "nanostar_amount": 750_000_000, "date": date,
            "source": {
                "type": "user", "transaction_type": "invoice_payment",
                "user": {"id": 7, "is_bot": false, "first_name": "Ann"},
                "invoice_payload": "not-a-shop-payload",
                "affiliate": {
                    "affiliate_user": {"id": 9, "is_bot": false, "first_name": "Carol"},
                    "commission_per_mille": 125, "amount": 31, "nanostar_amount": 250_000_000
                }
            }
        })
    }

    #[tokio::test]
    async fn a_commission_is_recorded_against_its_order_once() {
        let dir = tempfile::tempdir().unwrap();
        let shop = shop(&dir).await;
        fixtures::customer(&shop.store.write, 7, "Ann", None, false, 1, 1).await;
        fixtures::order(&shop.store.write, 1, "ch-1", 7, 250, "delivered", 100).await;
        let tg = Ledger::default();
        *tg.0.lock().unwrap() = vec![
            paid_through_carol("ch-1", 100),
            json!({"id": "ch-2", "amount": 5, "date": 100, "source": {"type": "user",
                   "user": {"id": 7, "first_name": "Ann"}, "invoice_payload": "p",
                   "affiliate": {"commission_per_mille": 5}}}),
        ];
        fixtures::order(&shop.store.write, 2, "ch-2", 7, 5, "delivered", 100).await;

        let report = run(&shop, &tg, 42).await.unwrap();
        // The unreadable affiliate of ch-2 is skipped; its order stays as it is.
        assert_eq!(
            (report.scanned, report.recovered, report.affiliates_recorded),
            (2, 0, 1)
        );
        let a = affiliates::of_order(&shop.store, 1).await.unwrap().unwrap();
        assert_eq!(
            (
                a.name.as_str(),
                a.commission,
                a.commission_nanostars,
                a.net,
                a.net_nanostars
            ),
            ("Carol", 31, 250_000_000, 218, 750_000_000)
        );
        assert_eq!(affiliates::of_order(&shop.store, 2).await.unwrap(), None);

        let again = run(&shop, &tg, 42).await.unwrap();
        assert_eq!((again.scanned, again.affiliates_recorded), (2, 0));
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM telegram_affiliates")
            .fetch_one(&shop.store.read)
            .await
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[tokio::test]
    async fn a_periodic_run_leaves_a_recent_payment_with_no_order_to_its_update() {
        let dir = tempfile::tempdir().unwrap();
        let shop = shop(&dir).await;
        let now = shop.clock.now().await;
        let tg = Ledger::default();
        *tg.0.lock().unwrap() = vec![
            paid_through_carol("ch-old", now - 3600),
            paid_through_carol("ch-new", now),
        ];

        let report = run_settled(&shop, &tg, 42).await.unwrap();
        assert_eq!((report.recovered, report.affiliates_recorded), (1, 1));
        // The old one is recovered at the price the customer paid, not the bot's share.
        let old = db::orders::by_charge(&shop.store.read, "ch-old")
            .await
            .unwrap()
            .unwrap();
        assert!(old.recovered);
        assert_eq!(old.stars, 250);
        assert!(
            db::orders::by_charge(&shop.store.read, "ch-new")
                .await
                .unwrap()
                .is_none()
        );
        let cursor = db::settings::get(&shop.store.read, "ledger_cursor:42")
            .await
            .unwrap();
        assert_eq!(
            cursor.as_deref(),
            Some("1"),
            "the cursor waits before the recent payment"
        );

        // Its update arrives: the next periodic run records the commission on that order.
        fixtures::order(&shop.store.write, 50, "ch-new", 7, 250, "delivered", now).await;
        let report = run_settled(&shop, &tg, 42).await.unwrap();
        assert_eq!((report.recovered, report.affiliates_recorded), (0, 1));
        assert_eq!(
            affiliates::of_order(&shop.store, 50)
                .await
                .unwrap()
                .unwrap()
                .commission,
            31
        );
        let cursor = db::settings::get(&shop.store.read, "ledger_cursor:42")
            .await
            .unwrap();
        assert_eq!(cursor.as_deref(), Some("2"));
    }
}
