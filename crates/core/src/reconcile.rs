//! Reconciliation with Telegram's star ledger: a payment with no order becomes one (flagged
//! recovered) and is delivered; a refund made elsewhere is recorded. The cursor belongs to one
//! bot, so another bot's ledger (demo mode's, a previous token's) never moves it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    channel_access,
    customers::Seen,
    db,
    error::{Error, Result},
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
}

const PAGE: i64 = 100;

fn cursor_key(bot_id: i64) -> String {
    format!("ledger_cursor:{bot_id}")
}

/// Pages `getStarTransactions` from where this bot's last run stopped.
pub async fn run(shop: &Shop, telegram: &dyn Telegram, bot_id: i64) -> Result<Report> {
    let mut report = Report::default();
    let key = cursor_key(bot_id);
    let cursor: i64 = db::settings::get(&shop.store.write, &key)
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // Re-read a page behind the cursor: cheap, and it covers a crash mid-page.
    let mut offset = (cursor - PAGE).max(0);
    loop {
        let page = telegram
            .star_transactions(offset, PAGE)
            .await
            .map_err(|e| Error::Telegram(e.to_string()))?;
        for tx in &page {
            report.scanned += 1;
            apply(shop, telegram, tx, &mut report).await?;
        }
        offset += page.len() as i64;
        db::settings::set(&shop.store.write, &key, &offset.to_string()).await?;
        if (page.len() as i64) < PAGE {
            break;
        }
    }
    if report.refunds_recorded > 0 {
        // Buyers of channel access refunded elsewhere leave their channels.
        channel_access::remove_pending(shop, telegram).await?;
    }
    if report.recovered > 0 || report.refunds_recorded > 0 {
        tracing::info!(?report, "reconciled with Telegram's ledger");
    }
    Ok(report)
}

async fn apply(
    shop: &Shop,
    telegram: &dyn Telegram,
    tx: &Value,
    report: &mut Report,
) -> Result<()> {
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
        if db::orders::by_charge(&shop.store.write, charge_id)
            .await?
            .is_some()
        {
            return Ok(());
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
            total_amount: amount,
            payload,
            recovered: true,
            first: false,
            expires_at: None,
        };
        if let Recorded::New { .. } = payments::paid(shop, telegram, &pay).await? {
            report.recovered += 1;
        }
    } else if tx["receiver"]["type"] == "user"
        && refunds::record_by_charge(shop, charge_id, &Who::telegram(), refunds::OUTSIDE).await?
    {
        report.refunds_recorded += 1;
    }
    Ok(())
}
