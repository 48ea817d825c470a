//! A Telegram Bot API simulator for tests, demo mode and benchmarks.
//!
//! [`SimServer`] serves the subset of the Bot API that a Stars shop uses at
//! `/bot<token>/<method>`, enforcing Telegram's rules (HTML parse mode, Stars invoices, the
//! 10 s pre-checkout deadline, refunds, subscriptions, rate limits), and a control API under
//! `/sim/` that plays customers, moves a virtual clock and injects faults. See README.md.
//!
//! One simulator serves one bot: the control API acts on the first bot token that calls.
//! Customers, chats and updates created before that call wait for it.

mod api;
mod app;
mod bot;
mod checkout;
mod control;
mod error;
mod faults;
mod html;
mod ids;
mod invoice;
mod keyboard;
mod model;
mod params;
mod ratelimit;
mod render;
mod server;
mod stats;
mod world;

pub use faults::FaultConfig;
pub use server::SimServer;
