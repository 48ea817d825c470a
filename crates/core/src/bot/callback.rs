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
}

impl Callback {
    pub fn parse(data: &str) -> Option<Callback> {
        if data == "shop" {
            return Some(Callback::Shop);
        }
        let (kind, id) = data.split_once(':')?;
        let id = id.parse().ok()?;
        match kind {
            "p" => Some(Callback::Product(id)),
            "buy" => Some(Callback::Buy(id)),
            "again" => Some(Callback::Again(id)),
            "refund" => Some(Callback::Refund(id)),
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
        ] {
            assert_eq!(Callback::parse(&c.to_string()), Some(c));
        }
        assert_eq!(Callback::parse("buy:x"), None);
        assert_eq!(Callback::parse("drop:1"), None);
        assert_eq!(Callback::parse(""), None);
    }
}
