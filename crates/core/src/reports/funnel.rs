//! The funnel: product and plan cards viewed in the chat → invoices sent → paid, per item, over
//! a range of the merchant's days, so a merchant sees where buyers drop.

use serde::{Deserialize, Serialize};

use super::{key, range, revenue::ItemKind};
use crate::{
    db::{Store, invoices, report_days},
    error::Result,
};

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FunnelSteps {
    /// Cards shown.
    pub views: i64,
    /// Invoices sent (a plan's card carries its invoice link: one per view).
    pub invoices: i64,
    /// Of the products' invoices sent, those whose time ran out unpaid.
    pub expired: i64,
    /// Orders paid.
    pub paid: i64,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FunnelItem {
    pub kind: ItemKind,
    pub id: i64,
    pub title: String,
    pub steps: FunnelSteps,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FunnelReport {
    pub zone: String,
    pub from: String,
    pub to: String,
    pub totals: FunnelSteps,
    /// Items with anything counted, most viewed first.
    pub items: Vec<FunnelItem>,
}

pub async fn report(store: &Store, from: &str, to: &str) -> Result<FunnelReport> {
    let (first, last) = range(from, to)?;
    let rows = report_days::by_item(&store.read, &key(first), &key(last)).await?;
    let (start, end) = (
        store.zone.day_start(first),
        store.zone.day_start(last + chrono::Days::new(1)),
    );
    let expired: std::collections::HashMap<i64, i64> =
        invoices::expired_by_product(&store.read, start, end)
            .await?
            .into_iter()
            .collect();
    let mut items: Vec<FunnelItem> = rows
        .into_iter()
        .filter(|r| r.product_id != 0 || r.plan_id != 0)
        .map(|r| FunnelItem {
            kind: if r.product_id != 0 {
                ItemKind::Product
            } else {
                ItemKind::Plan
            },
            id: r.product_id.max(r.plan_id),
            title: r.key,
            steps: FunnelSteps {
                views: r.views,
                invoices: r.invoices,
                expired: match r.product_id {
                    0 => 0,
                    id => expired.get(&id).copied().unwrap_or(0),
                },
                paid: r.orders,
            },
        })
        .filter(|i| i.steps != FunnelSteps::default())
        .collect();
    items.sort_by(|a, b| {
        (b.steps.views, b.steps.paid, a.id).cmp(&(a.steps.views, a.steps.paid, b.id))
    });
    let totals = items
        .iter()
        .fold(FunnelSteps::default(), |t, i| FunnelSteps {
            views: t.views + i.steps.views,
            invoices: t.invoices + i.steps.invoices,
            expired: t.expired + i.steps.expired,
            paid: t.paid + i.steps.paid,
        });
    Ok(FunnelReport {
        zone: store.zone.name(),
        from: key(first),
        to: key(last),
        totals,
        items,
    })
}
