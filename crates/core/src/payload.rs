//! The invoice payload: which product, at what price, for whom, signed so it cannot be forged.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub product_id: i64,
    pub price: i64,
    pub customer_id: i64,
    /// Unique per invoice: the key of its stock hold.
    pub nonce: String,
    /// The promo code whose discount the price carries.
    pub promo_id: Option<i64>,
    /// Store credit taken off the price, in whole Stars.
    pub credit: i64,
    /// When the invoice stops taking payments (Unix seconds); none on invoices made before
    /// invoices had a timer.
    pub valid_until: Option<i64>,
    /// Units bought (code products: 1 to 10); `price` is for all of them.
    pub quantity: i64,
}

impl Payload {
    pub fn new(product_id: i64, price: i64, customer_id: i64) -> Payload {
        let nonce = format!("{:016x}", rand::random::<u64>());
        Payload {
            product_id,
            price,
            customer_id,
            nonce,
            promo_id: None,
            credit: 0,
            valid_until: None,
            quantity: 1,
        }
    }

    /// The same invoice for `n` units.
    pub fn quantity(mut self, n: i64) -> Payload {
        self.quantity = n;
        self
    }

    /// The hold key of each unit: the nonce, then `<nonce>.2` … `<nonce>.N`.
    pub fn unit_nonces(&self) -> Vec<String> {
        (1..=self.quantity.max(1))
            .map(|i| match i {
                1 => self.nonce.clone(),
                i => format!("{}.{i}", self.nonce),
            })
            .collect()
    }

    /// The same invoice, taking payments until `at` (Unix seconds).
    pub fn valid_until(mut self, at: i64) -> Payload {
        self.valid_until = Some(at);
        self
    }

    /// True once the invoice's time is over at `now`.
    pub fn expired(&self, now: i64) -> bool {
        self.valid_until.is_some_and(|until| now >= until)
    }

    /// The same invoice priced with a promo code and store credit: `price` is what is charged.
    pub fn discounted(mut self, price: i64, promo_id: Option<i64>, credit: i64) -> Payload {
        self.price = price;
        self.promo_id = promo_id;
        self.credit = credit;
        self
    }

    fn body(&self) -> String {
        if self.quantity > 1 {
            return format!(
                "o3.{}.{}.{}.{}.{}.{}.{}.{}",
                self.product_id,
                self.price,
                self.customer_id,
                self.nonce,
                self.promo_id.unwrap_or(0),
                self.credit,
                self.quantity,
                self.valid_until.unwrap_or(0)
            );
        }
        let mut body = if self.promo_id.is_none() && self.credit == 0 {
            format!(
                "o1.{}.{}.{}.{}",
                self.product_id, self.price, self.customer_id, self.nonce
            )
        } else {
            format!(
                "o2.{}.{}.{}.{}.{}.{}",
                self.product_id,
                self.price,
                self.customer_id,
                self.nonce,
                self.promo_id.unwrap_or(0),
                self.credit
            )
        };
        if let Some(until) = self.valid_until {
            body.push_str(&format!(".{until}"));
        }
        body
    }

    /// `o1.<product>.<price>.<customer>.<nonce>[.<valid until>].<signature>`, or with a promo or
    /// store credit `o2.<product>.<price>.<customer>.<nonce>.<promo>.<credit>[.<valid
    /// until>].<signature>`: well under Telegram's 128 bytes.
    pub fn sign(&self, secret: &[u8]) -> String {
        let body = self.body();
        format!("{body}.{}", signature(secret, &body))
    }

    /// Parses and checks a payload; anything altered or foreign is refused.
    pub fn verify(raw: &str, secret: &[u8]) -> Result<Payload> {
        let bad = || Error::invalid("This invoice is not valid.");
        let body = signed_body(raw, secret).ok_or_else(bad)?;
        let parts: Vec<&str> = body.split('.').collect();
        let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
        if let [
            "o3",
            product,
            price,
            customer,
            nonce,
            promo,
            credit,
            quantity,
            until,
        ] = parts.as_slice()
        {
            let quantity = num(quantity)?;
            if !(2..=10).contains(&quantity) {
                return Err(bad());
            }
            return Ok(Payload {
                product_id: num(product)?,
                price: num(price)?,
                customer_id: num(customer)?,
                nonce: (*nonce).to_string(),
                promo_id: Some(num(promo)?).filter(|&p| p > 0),
                credit: num(credit)?.max(0),
                valid_until: Some(num(until)?).filter(|&u| u > 0),
                quantity,
            });
        }
        let (head, valid_until) = match parts.as_slice() {
            ["o1", head @ .., until] if head.len() == 4 => (head, Some(num(until)?)),
            ["o2", head @ .., until] if head.len() == 6 => (head, Some(num(until)?)),
            [_, head @ ..] => (head, None),
            [] => return Err(bad()),
        };
        let (product, price, customer, nonce, promo, credit) = match (parts[0], head) {
            ("o1", [product, price, customer, nonce]) => (product, price, customer, nonce, None, 0),
            ("o2", [product, price, customer, nonce, promo, credit]) => (
                product,
                price,
                customer,
                nonce,
                Some(num(promo)?).filter(|&p| p > 0),
                num(credit)?.max(0),
            ),
            _ => return Err(bad()),
        };
        Ok(Payload {
            product_id: num(product)?,
            price: num(price)?,
            customer_id: num(customer)?,
            nonce: (*nonce).to_string(),
            promo_id: promo,
            credit,
            valid_until,
            quantity: 1,
        })
    }
}

/// A tip's invoice payload: how many Stars, from whom. `t1.<amount>.<customer>.<nonce>.<signature>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipPayload {
    pub amount: i64,
    pub customer_id: i64,
    pub nonce: String,
}

impl TipPayload {
    pub fn new(amount: i64, customer_id: i64) -> TipPayload {
        TipPayload {
            amount,
            customer_id,
            nonce: format!("{:016x}", rand::random::<u64>()),
        }
    }

    pub fn sign(&self, secret: &[u8]) -> String {
        let body = format!("t1.{}.{}.{}", self.amount, self.customer_id, self.nonce);
        format!("{body}.{}", signature(secret, &body))
    }

    pub fn is_tip(raw: &str) -> bool {
        raw.starts_with("t1.")
    }

    pub fn verify(raw: &str, secret: &[u8]) -> Result<TipPayload> {
        let bad = || Error::invalid("This invoice is not valid.");
        let body = signed_body(raw, secret).ok_or_else(bad)?;
        match body.split('.').collect::<Vec<_>>().as_slice() {
            ["t1", amount, customer, nonce] => Ok(TipPayload {
                amount: amount.parse().map_err(|_| bad())?,
                customer_id: customer.parse().map_err(|_| bad())?,
                nonce: (*nonce).to_string(),
            }),
            _ => Err(bad()),
        }
    }
}

/// A subscription invoice's payload: which plan, at what price (with the promo code whose
/// discount it carries). It names no customer: whoever pays the link is the subscriber, and
/// Telegram renews with the same payload, so the discounted price is what renews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPayload {
    pub plan_id: i64,
    pub price: i64,
    pub nonce: String,
    pub promo_id: Option<i64>,
}

impl PlanPayload {
    pub fn new(plan_id: i64, price: i64) -> PlanPayload {
        PlanPayload {
            plan_id,
            price,
            nonce: format!("{:016x}", rand::random::<u64>()),
            promo_id: None,
        }
    }

    /// `s1.<plan>.<price>.<nonce>.<signature>`, or with a promo
    /// `s2.<plan>.<price>.<nonce>.<promo>.<signature>`.
    pub fn sign(&self, secret: &[u8]) -> String {
        let body = match self.promo_id {
            None => format!("s1.{}.{}.{}", self.plan_id, self.price, self.nonce),
            Some(promo) => format!("s2.{}.{}.{}.{promo}", self.plan_id, self.price, self.nonce),
        };
        format!("{body}.{}", signature(secret, &body))
    }

    /// Whether a raw payload is a subscription's (signed or not).
    pub fn is_plan(raw: &str) -> bool {
        raw.starts_with("s1.") || raw.starts_with("s2.")
    }

    pub fn verify(raw: &str, secret: &[u8]) -> Result<PlanPayload> {
        let bad = || Error::invalid("This subscription invoice is not valid.");
        let body = signed_body(raw, secret).ok_or_else(bad)?;
        let parts: Vec<&str> = body.split('.').collect();
        let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
        match parts.as_slice() {
            ["s1", plan, price, nonce] => Ok(PlanPayload {
                plan_id: num(plan)?,
                price: num(price)?,
                nonce: (*nonce).to_string(),
                promo_id: None,
            }),
            ["s2", plan, price, nonce, promo] => Ok(PlanPayload {
                plan_id: num(plan)?,
                price: num(price)?,
                nonce: (*nonce).to_string(),
                promo_id: Some(num(promo)?),
            }),
            _ => Err(bad()),
        }
    }
}

/// The body of a signed payload (`<body>.<signature>`) whose signature is the shop's: at least
/// 8 bytes of the HMAC, compared in constant time.
fn signed_body<'a>(raw: &'a str, secret: &[u8]) -> Option<&'a str> {
    let (body, sig) = raw.rsplit_once('.')?;
    let expected = hex::decode(sig).ok()?;
    if expected.len() < 8 {
        return None;
    }
    let mut mac = HmacSha256::new_from_slice(secret).ok()?;
    mac.update(body.as_bytes());
    mac.verify_truncated_left(&expected).ok()?;
    Some(body)
}

fn signature(secret: &[u8], body: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_payload_round_trips_and_a_tampered_one_is_refused() {
        let p = Payload::new(7, 250, 100000001);
        let raw = p.sign(b"secret");
        assert!(raw.len() <= 128);
        assert_eq!(Payload::verify(&raw, b"secret").unwrap(), p);
        let cheaper = raw.replacen(".250.", ".1.", 1);
        assert!(Payload::verify(&cheaper, b"secret").is_err());
        assert!(Payload::verify(&raw, b"other").is_err());
        assert!(Payload::verify("garbage", b"secret").is_err());
        assert!(Payload::verify("o1.1.1.1.x.", b"secret").is_err());
    }

    #[test]
    fn a_payload_for_several_units_carries_them_and_each_unit_has_its_key() {
        let p = Payload::new(7, 250, 100000001)
            .discounted(1000, Some(3), 0)
            .valid_until(1_800_000_000)
            .quantity(5);
        let raw = p.sign(b"secret");
        assert!(raw.starts_with("o3.") && raw.len() <= 128, "{raw}");
        assert_eq!(Payload::verify(&raw, b"secret").unwrap(), p);
        assert!(Payload::verify(&raw.replacen(".5.1800", ".10.1800", 1), b"secret").is_err());
        assert_eq!(p.unit_nonces().len(), 5);
        assert_eq!(p.unit_nonces()[2], format!("{}.3", p.nonce));
        assert_eq!(Payload::new(1, 1, 1).unit_nonces().len(), 1);
    }

    #[test]
    fn a_tip_payload_round_trips_and_cannot_be_changed() {
        let t = TipPayload::new(5, 100000001);
        let raw = t.sign(b"secret");
        assert!(TipPayload::is_tip(&raw) && raw.len() <= 128);
        assert_eq!(TipPayload::verify(&raw, b"secret").unwrap(), t);
        assert!(TipPayload::verify(&raw.replacen("t1.5.", "t1.1.", 1), b"secret").is_err());
        assert!(TipPayload::verify(&raw, b"other").is_err());
        assert!(Payload::verify(&raw, b"secret").is_err());
    }

    #[test]
    fn an_invoice_timer_is_signed_with_it_and_cannot_be_stretched() {
        let until = 1_800_000_000;
        for p in [
            Payload::new(7, 250, 100000001).valid_until(until),
            Payload::new(7, 250, 100000001)
                .discounted(200, Some(12), 25)
                .valid_until(until),
        ] {
            let raw = p.sign(b"secret");
            assert!(raw.len() <= 128, "{raw}");
            let back = Payload::verify(&raw, b"secret").unwrap();
            assert_eq!(back, p);
            assert!(!back.expired(until - 1));
            assert!(back.expired(until));
            let later = raw.replacen(&until.to_string(), &(until + 3600).to_string(), 1);
            assert!(Payload::verify(&later, b"secret").is_err());
        }
        // An invoice from before invoices had a timer never runs out.
        let old = Payload::verify(&Payload::new(7, 250, 1).sign(b"s"), b"s").unwrap();
        assert!(!old.expired(i64::MAX));
    }

    #[test]
    fn a_discounted_payload_carries_its_promo_and_credit_and_cannot_be_cheapened() {
        let p = Payload::new(7, 250, 100000001).discounted(200, Some(12), 25);
        let raw = p.sign(b"secret");
        assert!(raw.starts_with("o2.") && raw.len() <= 128, "{raw}");
        assert_eq!(Payload::verify(&raw, b"secret").unwrap(), p);
        assert!(Payload::verify(&raw.replacen(".200.", ".1.", 1), b"secret").is_err());
        assert!(Payload::verify(&raw.replacen(".25.", ".250.", 1), b"secret").is_err());
        let credit_only = Payload::new(7, 250, 100000001).discounted(0, None, 250);
        assert_eq!(
            Payload::verify(&credit_only.sign(b"secret"), b"secret").unwrap(),
            credit_only
        );
        let plan = PlanPayload {
            promo_id: Some(4),
            ..PlanPayload::new(3, 90)
        };
        let raw = plan.sign(b"secret");
        assert!(PlanPayload::is_plan(&raw));
        assert_eq!(PlanPayload::verify(&raw, b"secret").unwrap(), plan);
        assert!(PlanPayload::verify(&raw.replacen(".90.", ".9.", 1), b"secret").is_err());
    }

    #[test]
    fn a_plan_payload_round_trips_and_is_not_a_product_payload() {
        let p = PlanPayload::new(3, 100);
        let raw = p.sign(b"secret");
        assert!(PlanPayload::is_plan(&raw));
        assert_eq!(PlanPayload::verify(&raw, b"secret").unwrap(), p);
        assert!(Payload::verify(&raw, b"secret").is_err());
        assert!(PlanPayload::verify(&raw.replacen(".100.", ".1.", 1), b"secret").is_err());
        assert!(PlanPayload::verify(&raw, b"other").is_err());
    }
}
