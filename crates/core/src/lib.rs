//! Stardesk's core: the shop's store, its services (catalog, payments, deliveries, refunds,
//! reconciliation, reports), the embedded Telegram bot and the session that runs them. No GUI
//! dependency: the desktop shell, `stardeskd` and the tests all drive it. See README.md.

pub mod affiliates;
pub mod attention;
pub mod audit;
pub mod books;
pub mod bot;
pub mod catalog;
pub mod channel_access;
pub mod clock;
pub mod customer_list;
pub mod customers;
pub mod db;
pub mod deliveries;
#[cfg(feature = "demo")]
pub mod demo;
pub mod desk;
pub mod error;
pub mod events;
pub mod exports;
pub mod inbox;
pub mod invoices;
pub mod legal;
pub mod limits;
pub mod order_list;
pub mod orders;
pub mod pacer;
pub mod payload;
pub mod payments;
pub mod promos;
pub mod reconcile;
pub mod referrals;
pub mod refunds;
pub mod reminders;
pub mod reports;
pub mod requests;
pub mod runtime;
pub mod search;
pub mod settings;
pub mod shop;
pub mod stepup;
pub mod subscriptions;
pub mod support;
pub mod telegram;
pub mod texts;
pub mod tips;
pub mod token;
pub mod zone;

pub use db::Store;
pub use error::{Error, Result};
pub use shop::Shop;
