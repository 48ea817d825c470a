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
}

impl Payload {
    pub fn new(product_id: i64, price: i64, customer_id: i64) -> Payload {
        let nonce = format!("{:016x}", rand::random::<u64>());
        Payload {
            product_id,
            price,
            customer_id,
            nonce,
        }
    }

    fn body(&self) -> String {
        format!(
            "o1.{}.{}.{}.{}",
            self.product_id, self.price, self.customer_id, self.nonce
        )
    }

    /// `o1.<product>.<price>.<customer>.<nonce>.<signature>`, well under Telegram's 128 bytes.
    pub fn sign(&self, secret: &[u8]) -> String {
        let body = self.body();
        format!("{body}.{}", signature(secret, &body))
    }

    /// Parses and checks a payload; anything altered or foreign is refused.
    pub fn verify(raw: &str, secret: &[u8]) -> Result<Payload> {
        let bad = || Error::invalid("This invoice is not valid.");
        let (body, sig) = raw.rsplit_once('.').ok_or_else(bad)?;
        let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| bad())?;
        mac.update(body.as_bytes());
        let expected = hex::decode(sig).map_err(|_| bad())?;
        mac.verify_truncated_left(&expected).map_err(|_| bad())?;
        if expected.len() < 8 {
            return Err(bad());
        }
        let mut parts = body.split('.');
        if parts.next() != Some("o1") {
            return Err(bad());
        }
        let mut num = || {
            parts
                .next()
                .and_then(|p| p.parse::<i64>().ok())
                .ok_or_else(bad)
        };
        let product_id = num()?;
        let price = num()?;
        let customer_id = num()?;
        let nonce = body.rsplit('.').next().ok_or_else(bad)?.to_string();
        Ok(Payload {
            product_id,
            price,
            customer_id,
            nonce,
        })
    }
}

/// A subscription invoice's payload: which plan, at what price. It names no customer: whoever
/// pays the link is the subscriber, and Telegram renews with the same payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPayload {
    pub plan_id: i64,
    pub price: i64,
    pub nonce: String,
}

impl PlanPayload {
    pub fn new(plan_id: i64, price: i64) -> PlanPayload {
        PlanPayload {
            plan_id,
            price,
            nonce: format!("{:016x}", rand::random::<u64>()),
        }
    }

    /// `s1.<plan>.<price>.<nonce>.<signature>`.
    pub fn sign(&self, secret: &[u8]) -> String {
        let body = format!("s1.{}.{}.{}", self.plan_id, self.price, self.nonce);
        format!("{body}.{}", signature(secret, &body))
    }

    /// Whether a raw payload is a subscription's (signed or not).
    pub fn is_plan(raw: &str) -> bool {
        raw.starts_with("s1.")
    }

    pub fn verify(raw: &str, secret: &[u8]) -> Result<PlanPayload> {
        let bad = || Error::invalid("This subscription invoice is not valid.");
        let (body, sig) = raw.rsplit_once('.').ok_or_else(bad)?;
        let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| bad())?;
        mac.update(body.as_bytes());
        let expected = hex::decode(sig).map_err(|_| bad())?;
        if expected.len() < 8 {
            return Err(bad());
        }
        mac.verify_truncated_left(&expected).map_err(|_| bad())?;
        let parts: Vec<&str> = body.split('.').collect();
        let [tag, plan, price, nonce] = parts.as_slice() else {
            return Err(bad());
        };
        if *tag != "s1" {
            return Err(bad());
        }
        Ok(PlanPayload {
            plan_id: plan.parse().map_err(|_| bad())?,
            price: price.parse().map_err(|_| bad())?,
            nonce: (*nonce).to_string(),
        })
    }
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
