//! Telegram's own affiliate program: the commission Telegram paid an affiliate out of an order's
//! payment, read from the bot's Star transactions (`AffiliateInfo`, never in
//! `successful_payment`), and the figures that follow: what each affiliate brought and what the
//! shop kept. Not the shop's referral program (`referrals`): here the merchant pays nothing,
//! Telegram pays the bot net of the commission.
//!
//! Money is whole Stars. Telegram keeps fractions of a Star (`nanostar_amount`, billionths), so a
//! commission or a net amount is whole Stars plus a `_nanostars` remainder (0..1e9), and the
//! whole Stars are what Telegram reports as `amount` (rounded toward zero).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    db::{self, Store, now},
    error::{Error, Result},
};

/// A billion nanostars make a Star.
pub const NANOSTARS: i64 = 1_000_000_000;

/// Who Telegram paid: a user or a bot (`affiliate_user`), or a channel (`affiliate_chat`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum AffiliateKind {
    User,
    Chat,
}

impl AffiliateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AffiliateKind::User => "user",
            AffiliateKind::Chat => "chat",
        }
    }

    fn parse(s: &str) -> AffiliateKind {
        if s == "chat" {
            AffiliateKind::Chat
        } else {
            AffiliateKind::User
        }
    }
}

/// The `AffiliateInfo` of a payment, as Telegram reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commission {
    pub kind: AffiliateKind,
    pub affiliate_id: i64,
    pub name: String,
    pub commission_per_mille: i64,
    /// Whole Stars the affiliate received (rounded toward zero).
    pub amount: i64,
    /// The rest, in billionths of a Star.
    pub nanostar_amount: i64,
}

/// `AffiliateInfo` as the Bot API sends it (teloxide's type keeps its fields private).
#[derive(Deserialize)]
struct AffiliateInfo {
    affiliate_user: Option<Party>,
    affiliate_chat: Option<Party>,
    commission_per_mille: i64,
    amount: i64,
    #[serde(default)]
    nanostar_amount: i64,
}

/// The fields of a User or a Chat that name it.
#[derive(Deserialize)]
struct Party {
    id: i64,
    first_name: Option<String>,
    last_name: Option<String>,
    title: Option<String>,
    username: Option<String>,
}

impl Party {
    fn name(&self) -> String {
        let full = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match (&self.title, &self.username) {
            (Some(title), _) if !title.trim().is_empty() => title.clone(),
            _ if !full.is_empty() => full,
            (_, Some(username)) => format!("@{username}"),
            _ => format!("Telegram {}", self.id),
        }
    }
}

impl Commission {
    /// The affiliate on a payment's transaction (`source.affiliate`): none when there is no
    /// affiliate, an error when Telegram's answer cannot be read as one.
    pub fn of_transaction(tx: &Value) -> Result<Option<Commission>> {
        let raw = &tx["source"]["affiliate"];
        if raw.is_null() {
            return Ok(None);
        }
        let bad = |why: &str| {
            Error::Telegram(format!(
                "transaction {}: an affiliate commission that cannot be read ({why}): {raw}",
                tx["id"]
            ))
        };
        let info: AffiliateInfo =
            serde_json::from_value(raw.clone()).map_err(|e| bad(&e.to_string()))?;
        let (kind, party) = match (&info.affiliate_user, &info.affiliate_chat) {
            (Some(user), _) => (AffiliateKind::User, user),
            (None, Some(chat)) => (AffiliateKind::Chat, chat),
            (None, None) => return Err(bad("neither affiliate_user nor affiliate_chat")),
        };
        if !(1..=1000).contains(&info.commission_per_mille) {
            return Err(bad("commission_per_mille outside 1..1000"));
        }
        if info.amount < 0 || !(0..NANOSTARS).contains(&info.nanostar_amount) {
            return Err(bad("a negative commission on a payment"));
        }
        Ok(Some(Commission {
            kind,
            affiliate_id: party.id,
            name: party.name(),
            commission_per_mille: info.commission_per_mille,
            amount: info.amount,
            nanostar_amount: info.nanostar_amount,
        }))
    }

    pub fn nanos(&self) -> i64 {
        self.amount * NANOSTARS + self.nanostar_amount
    }
}

/// What the customer paid for a transaction: the bot's net (`amount`, `nanostar_amount`) plus
/// the affiliate's commission. A recovered order is recorded at this price, not at the net.
pub fn gross_of(tx: &Value, commission: Option<&Commission>) -> i64 {
    let net = tx["amount"].as_i64().unwrap_or(0) * NANOSTARS
        + tx["nanostar_amount"].as_i64().unwrap_or(0);
    let total = net + commission.map_or(0, Commission::nanos);
    // The two parts of a whole price add up to whole Stars; round in case they did not.
    (total + NANOSTARS / 2).div_euclid(NANOSTARS)
}

/// Records a payment's commission against its order, once: false when it was recorded before.
pub async fn record(store: &Store, order_id: i64, c: &Commission) -> Result<bool> {
    let mut tx = store.write.begin().await?;
    let new = db::affiliates::insert(
        &mut *tx,
        &db::affiliates::NewCommission {
            order_id,
            kind: c.kind.as_str(),
            affiliate_id: c.affiliate_id,
            affiliate_name: &c.name,
            commission_per_mille: c.commission_per_mille,
            amount: c.amount,
            nanostar_amount: c.nanostar_amount,
        },
        now(),
    )
    .await?;
    if new {
        crate::reports::count_affiliate(&mut tx, &store.zone, order_id, c.nanos()).await?;
    }
    tx.commit().await?;
    Ok(new)
}

/// Whole Stars and billionths, normalised so that the billionths are 0..1e9.
fn stars(whole: i64, nanos: i64) -> (i64, i64) {
    (
        whole + nanos.div_euclid(NANOSTARS),
        nanos.rem_euclid(NANOSTARS),
    )
}

/// `gross` less a commission of `commission` Stars and `nanos` billionths.
fn net_of(gross: i64, commission: i64, nanos: i64) -> (i64, i64) {
    stars(gross - commission, -nanos)
}

/// What Telegram's affiliate program took from one order: the order drawer's line.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrderAffiliate {
    pub kind: AffiliateKind,
    /// The affiliate's Telegram id (a user's, a bot's or a channel's).
    pub affiliate_id: i64,
    pub name: String,
    /// Stars to the affiliate per 1000 Stars paid.
    pub commission_per_mille: i64,
    /// What the customer paid.
    pub gross: i64,
    /// Telegram's commission: whole Stars and billionths of a Star.
    pub commission: i64,
    pub commission_nanostars: i64,
    /// What the shop received: gross less the commission.
    pub net: i64,
    pub net_nanostars: i64,
    /// The order was refunded: the customer got everything back and Telegram took the
    /// commission back from the affiliate.
    pub refunded: bool,
    pub recorded_at: i64,
}

pub async fn of_order(store: &Store, order_id: i64) -> Result<Option<OrderAffiliate>> {
    let Some(row) = db::affiliates::of_order(&store.read, order_id).await? else {
        return Ok(None);
    };
    let (net, net_nanostars) = net_of(row.stars, row.amount, row.nanostar_amount);
    Ok(Some(OrderAffiliate {
        kind: AffiliateKind::parse(&row.kind),
        affiliate_id: row.affiliate_id,
        name: row.affiliate_name,
        commission_per_mille: row.commission_per_mille,
        gross: row.stars,
        commission: row.amount,
        commission_nanostars: row.nanostar_amount,
        net,
        net_nanostars,
        refunded: row.status == "refunded",
        recorded_at: row.recorded_at,
    }))
}

/// One affiliate of Telegram's program over a period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AffiliateRow {
    pub kind: AffiliateKind,
    pub affiliate_id: i64,
    pub name: String,
    /// Orders from the customers they brought.
    pub orders: i64,
    /// Stars those orders grossed.
    pub gross: i64,
    /// What Telegram paid them out of those orders.
    pub commission: i64,
    pub commission_nanostars: i64,
}

/// Telegram's affiliates over a period, and the shop's totals after their commissions.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AffiliateReport {
    /// Unix seconds, UTC: orders paid from `from` until before `to`.
    pub from: i64,
    pub to: i64,
    /// Largest commission first.
    pub affiliates: Vec<AffiliateRow>,
    /// Every order of the period and the Stars they grossed.
    pub orders: i64,
    pub gross: i64,
    /// Of those, the orders an affiliate brought.
    pub affiliate_orders: i64,
    /// Telegram's commissions on them.
    pub commission: i64,
    pub commission_nanostars: i64,
    /// What the shop received: gross less the commissions.
    pub net: i64,
    pub net_nanostars: i64,
}

/// Orders paid in [from, to) (unix seconds), refunded ones left out: a refund returned the whole
/// price and Telegram took its commission back.
pub async fn report(store: &Store, from: i64, to: i64) -> Result<AffiliateReport> {
    if to <= from {
        return Err(Error::invalid("The report ends before it starts."));
    }
    let read = &store.read;
    let mut affiliates: Vec<AffiliateRow> = db::affiliates::by_affiliate(read, from, to)
        .await?
        .into_iter()
        .map(|r| {
            let (commission, commission_nanostars) = stars(r.amount, r.nanostar_amount);
            AffiliateRow {
                kind: AffiliateKind::parse(&r.kind),
                affiliate_id: r.affiliate_id,
                name: r.affiliate_name,
                orders: r.orders,
                gross: r.gross,
                commission,
                commission_nanostars,
            }
        })
        .collect();
    affiliates.sort_by(|a, b| {
        (b.commission, b.commission_nanostars, b.gross)
            .cmp(&(a.commission, a.commission_nanostars, a.gross))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| (a.kind, a.affiliate_id).cmp(&(b.kind, b.affiliate_id)))
    });
    let t = db::affiliates::totals(read, from, to).await?;
    let (commission, commission_nanostars) = stars(t.amount, t.nanostar_amount);
    let (net, net_nanostars) = net_of(t.gross, commission, commission_nanostars);
    Ok(AffiliateReport {
        from,
        to,
        affiliates,
        orders: t.orders,
        gross: t.gross,
        affiliate_orders: t.with_affiliate,
        commission,
        commission_nanostars,
        net,
        net_nanostars,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_telegrams_affiliate_info() {
        let tx = json!({
            "id": "stx1", "amount": 218, "nanostar_amount": 750_000_000, "date": 1,
            "source": {
                "type": "user", "transaction_type": "invoice_payment",
                "user": {"id": 7, "is_bot": false, "first_name": "Ann"},
                "invoice_payload": "p",
                "affiliate": {
                    "affiliate_user": {"id": 9, "is_bot": false, "first_name": "Carol", "last_name": "Reyes"},
                    "commission_per_mille": 125, "amount": 31, "nanostar_amount": 250_000_000
                }
            }
        });
        let c = Commission::of_transaction(&tx).unwrap().unwrap();
        assert_eq!(
            c,
            Commission {
                kind: AffiliateKind::User,
                affiliate_id: 9,
                name: "Carol Reyes".into(),
                commission_per_mille: 125,
                amount: 31,
                nanostar_amount: 250_000_000,
            }
        );
        assert_eq!(gross_of(&tx, Some(&c)), 250);

        let chat = json!({"id": "stx2", "amount": 180, "source": {"type": "user", "affiliate": {
            "affiliate_chat": {"id": -100, "type": "channel", "title": "Deals"},
            "commission_per_mille": 100, "amount": 20}}});
        let c = Commission::of_transaction(&chat).unwrap().unwrap();
        assert_eq!(
            (c.kind, c.affiliate_id, c.name.as_str(), c.nanostar_amount),
            (AffiliateKind::Chat, -100, "Deals", 0)
        );
        assert_eq!(gross_of(&chat, Some(&c)), 200);

        let plain = json!({"id": "stx3", "amount": 50, "source": {"type": "user"}});
        assert_eq!(Commission::of_transaction(&plain).unwrap(), None);
        assert_eq!(gross_of(&plain, None), 50);

        for bad in [
            json!({"commission_per_mille": 100, "amount": 20}),
            json!({"affiliate_user": {"id": 1}, "commission_per_mille": 0, "amount": 0}),
            json!({"affiliate_user": {"id": 1}, "commission_per_mille": 100, "amount": -2}),
            json!({"affiliate_user": {"id": 1}, "commission_per_mille": "a lot", "amount": 2}),
        ] {
            let tx =
                json!({"id": "stx4", "amount": 1, "source": {"type": "user", "affiliate": bad}});
            assert!(Commission::of_transaction(&tx).is_err(), "{tx}");
        }
    }

    #[test]
    fn names_a_party_as_telegram_shows_it() {
        let name = |v: Value| serde_json::from_value::<Party>(v).unwrap().name();
        assert_eq!(name(json!({"id": 1, "first_name": "Ann"})), "Ann");
        assert_eq!(
            name(json!({"id": 1, "title": "Deals", "username": "deals"})),
            "Deals"
        );
        assert_eq!(name(json!({"id": 1, "username": "deals"})), "@deals");
        assert_eq!(name(json!({"id": 5})), "Telegram 5");
    }

    #[tokio::test]
    async fn the_report_counts_each_affiliate_and_the_shop_after_them() {
        use crate::db::fixtures;

        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let w = &store.write;
        fixtures::customer(w, 7, "Ann", None, false, 1, 1).await;
        for (id, stars, status, at) in [
            (1, 250, "delivered", 1_000),
            (2, 100, "delivered", 1_500),
            (3, 400, "refunded", 1_600),
            (4, 200, "failed", 1_700),
            (5, 300, "delivered", 1_800),
            (6, 900, "delivered", 5_000),
        ] {
            fixtures::order(w, id, &format!("ch-{id}"), 7, stars, status, at).await;
        }
        let carol = |name: &str, amount, nanostar_amount| Commission {
            kind: AffiliateKind::User,
            affiliate_id: 9,
            name: name.into(),
            commission_per_mille: 125,
            amount,
            nanostar_amount,
        };
        let deals = Commission {
            kind: AffiliateKind::Chat,
            affiliate_id: -100,
            name: "Deals".into(),
            commission_per_mille: 100,
            amount: 20,
            nanostar_amount: 0,
        };
        assert!(
            record(&store, 1, &carol("Carol", 31, 250_000_000))
                .await
                .unwrap()
        );
        assert!(
            !record(&store, 1, &carol("Carol", 31, 250_000_000))
                .await
                .unwrap()
        );
        assert!(record(&store, 3, &carol("Carol", 50, 0)).await.unwrap());
        assert!(record(&store, 4, &deals).await.unwrap());
        assert!(record(&store, 6, &deals).await.unwrap());
        // Carol's latest name is the one the report shows.
        sqlx::query("UPDATE telegram_affiliates SET recorded_at = recorded_at - 10")
            .execute(w)
            .await
            .unwrap();
        assert!(
            record(&store, 2, &carol("Carol R.", 12, 500_000_000))
                .await
                .unwrap()
        );

        let r = report(&store, 1_000, 2_000).await.unwrap();
        let rows: Vec<_> = r
            .affiliates
            .iter()
            .map(|a| {
                (
                    a.kind,
                    a.affiliate_id,
                    a.name.as_str(),
                    a.orders,
                    a.gross,
                    a.commission,
                    a.commission_nanostars,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (AffiliateKind::User, 9, "Carol R.", 2, 350, 43, 750_000_000),
                (AffiliateKind::Chat, -100, "Deals", 1, 200, 20, 0),
            ]
        );
        assert_eq!((r.orders, r.gross, r.affiliate_orders), (4, 850, 3));
        assert_eq!((r.commission, r.commission_nanostars), (63, 750_000_000));
        assert_eq!((r.net, r.net_nanostars), (786, 250_000_000));

        let refunded = of_order(&store, 3).await.unwrap().unwrap();
        assert!(refunded.refunded);
        let one = of_order(&store, 4).await.unwrap().unwrap();
        assert_eq!(
            (one.gross, one.commission, one.net, one.refunded),
            (200, 20, 180, false)
        );
        assert_eq!(of_order(&store, 5).await.unwrap(), None);
        assert!(report(&store, 2_000, 2_000).await.is_err());
    }

    #[test]
    fn net_is_gross_less_the_exact_commission() {
        assert_eq!(net_of(250, 31, 250_000_000), (218, 750_000_000));
        assert_eq!(net_of(200, 20, 0), (180, 0));
        assert_eq!(stars(31, 2_750_000_000), (33, 750_000_000));
        assert_eq!(net_of(10, 10, 0), (0, 0));
    }
}
