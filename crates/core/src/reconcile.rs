//! Reconciliation with Telegram's star ledger: a payment with no order becomes one (flagged
//! recovered) and is delivered; a refund made elsewhere is recorded.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use teloxide::Bot;

use crate::{
    bot::delivery,
    customers::Seen,
    error::{Error, Result},
    events::AppEvent,
    orders::{self, Payment, Recorded},
    settings,
    shop::Shop,
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ReconcileReport"))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Report {
    pub scanned: i64,
    pub recovered: i64,
    pub refunds_recorded: i64,
}

/// Pages `getStarTransactions` from where the last run stopped. Read as plain JSON, so a
/// transaction type this version does not know cannot break the whole page.
pub async fn run(
    shop: &Shop,
    bot: &Bot,
    http: &reqwest::Client,
    api_url: &str,
    token: &str,
) -> Result<Report> {
    let mut report = Report::default();
    let cursor: i64 = settings::get(&shop.store.write, "ledger_cursor")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // Re-read a page behind the cursor: cheap, and it covers a crash mid-page.
    let mut offset = (cursor - 100).max(0);
    let url = format!(
        "{}/bot{}/getStarTransactions",
        api_url.trim_end_matches('/'),
        token
    );
    loop {
        let body: Value = http
            .post(&url)
            .json(&serde_json::json!({ "offset": offset, "limit": 100 }))
            .send()
            .await
            .map_err(|e| Error::Telegram(format!("getStarTransactions: {}", e.without_url())))?
            .json()
            .await
            .map_err(|e| Error::Telegram(format!("getStarTransactions: {}", e.without_url())))?;
        if body["ok"] != Value::Bool(true) {
            return Err(Error::Telegram(format!(
                "getStarTransactions: {}",
                body["description"].as_str().unwrap_or("refused")
            )));
        }
        let page = body["result"]["transactions"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for tx in &page {
            report.scanned += 1;
            apply(shop, bot, tx, &mut report).await?;
        }
        offset += page.len() as i64;
        settings::set(&shop.store.write, "ledger_cursor", &offset.to_string()).await?;
        if page.len() < 100 {
            break;
        }
    }
    if report.recovered > 0 || report.refunds_recorded > 0 {
        tracing::info!(?report, "reconciled with Telegram's ledger");
    }
    Ok(report)
}

async fn apply(shop: &Shop, bot: &Bot, tx: &Value, report: &mut Report) -> Result<()> {
    let Some(charge_id) = tx["id"].as_str() else {
        return Ok(());
    };
    let amount = tx["amount"].as_i64().unwrap_or(0);
    if tx["source"]["type"] == "user" {
        let source = &tx["source"];
        let user = &source["user"];
        let (Some(user_id), Some(payload)) =
            (user["id"].as_i64(), source["invoice_payload"].as_str())
        else {
            return Ok(());
        };
        if orders::by_charge(&shop.store.write, charge_id)
            .await?
            .is_some()
        {
            return Ok(());
        }
        let recorded = orders::record_payment(
            &shop.store,
            &shop.secret,
            &Payment {
                charge_id,
                provider_charge_id: None,
                customer: Seen {
                    id: user_id,
                    first_name: user["first_name"].as_str().unwrap_or("Customer"),
                    username: user["username"].as_str(),
                    language_code: user["language_code"].as_str(),
                },
                total_amount: amount,
                payload,
                recovered: true,
            },
        )
        .await?;
        if let Recorded::New { order, delivery_id } = recorded {
            report.recovered += 1;
            shop.emit(AppEvent::OrderCreated { order });
            let _ = delivery::run(shop, bot, delivery_id).await;
        }
    } else if tx["receiver"]["type"] == "user"
        && let Some(order) = orders::by_charge(&shop.store.write, charge_id).await?
        && orders::mark_refunded(&shop.store, order.id, "refunded").await?
    {
        report.refunds_recorded += 1;
        shop.emit(AppEvent::OrderRefunded {
            order_id: order.id,
            reason: "refunded".into(),
        });
    }
    Ok(())
}
