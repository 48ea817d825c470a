//! What an inline button carries, parsed once: `shop`, `p:<id>`, `buy:<id>`, `again:<order>`,
//! `refund:<order>`.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// Back to the catalog.
    Shop,
    /// A product's card.
    Product(i64),
    /// An invoice for a product.
    Buy(i64),
    /// An order's goods once more.
    Again(i64),
    /// Ask for a refund of an order.
    Refund(i64),
    /// A subscription plan's card.
    Plan(i64),
    /// Stop a subscription's renewal.
    SubCancel(i64),
    /// Renew a cancelled subscription again.
    SubResume(i64),
    /// New one-person invites for a subscription.
    SubInvite(i64),
    /// "Have a promo code?" on a product's card: the next message is the code.
    PromoAsk(i64),
    /// Stop using the applied promo code (the product's card shown again).
    PromoDrop(i64),
    /// The customer's answer to "shall I remind you?" (also /reminders).
    Reminders(bool),
    /// The terms, the refund policy and the seller.
    Terms,
    /// "I accept the terms", then the invoice for this product.
    Accept(i64),
    /// "I accept the terms" after ×N: then the invoice for that many (product, quantity 2 to 10).
    AcceptQty(i64, i64),
    /// "Support us": the tip amounts.
    TipMenu,
    /// A tip of this many Stars; 0: Other amount.
    Tip(i64),
    /// An invoice for several codes of a product: (product, quantity 2 to 10).
    BuyQty(i64, i64),
    /// "Buy again" under a receipt or in /purchases: an invoice, as Buy.
    Rebuy(i64),
}

impl Callback {
    pub fn parse(data: &str) -> Option<Callback> {
        match data {
            "shop" => return Some(Callback::Shop),
            "terms" => return Some(Callback::Terms),
            "tips" => return Some(Callback::TipMenu),
            _ => {}
        }
        let (kind, id) = data.split_once(':')?;
        let id = id.parse().ok()?;
        if let Some(n) = kind.strip_prefix("bq").and_then(|n| n.parse::<i64>().ok()) {
            return (2..=10).contains(&n).then_some(Callback::BuyQty(id, n));
        }
        if let Some(n) = kind.strip_prefix("aq").and_then(|n| n.parse::<i64>().ok()) {
            return (2..=10).contains(&n).then_some(Callback::AcceptQty(id, n));
        }
        match kind {
            "p" => Some(Callback::Product(id)),
            "buy" => Some(Callback::Buy(id)),
            "again" => Some(Callback::Again(id)),
            "refund" => Some(Callback::Refund(id)),
            "plan" => Some(Callback::Plan(id)),
            "sub_cancel" => Some(Callback::SubCancel(id)),
            "sub_resume" => Some(Callback::SubResume(id)),
            "sub_invite" => Some(Callback::SubInvite(id)),
            "promo" => Some(Callback::PromoAsk(id)),
            "promo_drop" => Some(Callback::PromoDrop(id)),
            "remind" if id == 0 || id == 1 => Some(Callback::Reminders(id == 1)),
            "accept" => Some(Callback::Accept(id)),
            "rebuy" => Some(Callback::Rebuy(id)),
            "tip" if id >= 0 => Some(Callback::Tip(id)),
            _ => None,
        }
    }
}

impl fmt::Display for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Callback::Shop => write!(f, "shop"),
            Callback::Product(id) => write!(f, "p:{id}"),
            Callback::Buy(id) => write!(f, "buy:{id}"),
            Callback::Again(id) => write!(f, "again:{id}"),
            Callback::Refund(id) => write!(f, "refund:{id}"),
            Callback::Plan(id) => write!(f, "plan:{id}"),
            Callback::SubCancel(id) => write!(f, "sub_cancel:{id}"),
            Callback::SubResume(id) => write!(f, "sub_resume:{id}"),
            Callback::SubInvite(id) => write!(f, "sub_invite:{id}"),
            Callback::PromoAsk(id) => write!(f, "promo:{id}"),
            Callback::PromoDrop(id) => write!(f, "promo_drop:{id}"),
            Callback::Reminders(on) => write!(f, "remind:{}", u8::from(*on)),
            Callback::Terms => write!(f, "terms"),
            Callback::Accept(id) => write!(f, "accept:{id}"),
            Callback::AcceptQty(id, n) => write!(f, "aq{n}:{id}"),
            Callback::TipMenu => write!(f, "tips"),
            Callback::Tip(amount) => write!(f, "tip:{amount}"),
            Callback::BuyQty(id, n) => write!(f, "bq{n}:{id}"),
            Callback::Rebuy(id) => write!(f, "rebuy:{id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_data_reads_back_as_written() {
        for c in [
            Callback::Shop,
            Callback::Product(7),
            Callback::Buy(12),
            Callback::Again(99),
            Callback::Refund(5),
            Callback::Plan(2),
            Callback::SubCancel(3),
            Callback::SubResume(4),
            Callback::SubInvite(6),
            Callback::PromoAsk(8),
            Callback::PromoDrop(9),
            Callback::Reminders(true),
            Callback::Reminders(false),
            Callback::Terms,
            Callback::Accept(4),
            Callback::AcceptQty(4, 5),
            Callback::TipMenu,
            Callback::Tip(5),
            Callback::Tip(0),
            Callback::BuyQty(3, 5),
            Callback::BuyQty(3, 10),
            Callback::Rebuy(8),
        ] {
            assert_eq!(Callback::parse(&c.to_string()), Some(c));
        }
        assert_eq!(Callback::parse("buy:x"), None);
        assert_eq!(Callback::parse("drop:1"), None);
        assert_eq!(Callback::parse("remind:2"), None);
        assert_eq!(Callback::parse("bq11:3"), None);
        assert_eq!(Callback::parse("bq1:3"), None);
        assert_eq!(Callback::parse(""), None);
    }
}
