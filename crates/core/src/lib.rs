//! Stardesk's core: the shop's store, catalog, checkout, orders and the embedded Telegram bot.
//! No GUI dependency: the desktop shell, `stardeskd` and the tests all drive it.

pub mod attention;
pub mod bot;
pub mod catalog;
pub mod checkout;
pub mod customers;
pub mod demo;
pub mod error;
pub mod events;
pub mod inbox;
pub mod orders;
pub mod payload;
pub mod reconcile;
pub mod runtime;
pub mod settings;
pub mod shop;
pub mod sim_client;
pub mod store;

pub use error::{Error, Result};
pub use shop::Shop;
pub use store::Store;
pub mod customer_list;
pub mod desk;
pub mod order_list;
pub mod reports;
pub mod token;
