//! The Telegram bot: the handler tree, the inbox-backed update listener, sending with retries.

pub mod delivery;
mod handlers;
pub mod listener;
pub mod send;
pub mod text;

use teloxide::{
    dispatching::UpdateHandler, prelude::*, types::MessageKind, utils::command::BotCommands,
};

use crate::inbox::Finisher;

#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase", description = "Commands:")]
pub enum Command {
    #[command(description = "open the shop")]
    Start(String),
    #[command(description = "the catalog")]
    Shop,
    #[command(description = "your orders, and your goods again")]
    Purchases,
    #[command(description = "help with a payment")]
    Paysupport,
    #[command(description = "terms of sale")]
    Terms,
    #[command(description = "how this bot works")]
    Help,
}

/// The whole conversation in one screen. Every update first takes an inbox ticket, which marks
/// it done when its handler has finished.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .map(|update: Update, finisher: Finisher| finisher.ticket(&update))
        .branch(Update::filter_pre_checkout_query().endpoint(handlers::pre_checkout))
        .branch(Update::filter_callback_query().endpoint(handlers::callback))
        .branch(
            Update::filter_message()
                .branch(Message::filter_successful_payment().endpoint(handlers::paid))
                .branch(
                    dptree::filter_map(|m: Message| match m.kind {
                        MessageKind::RefundedPayment(r) => Some(r.refunded_payment),
                        _ => None,
                    })
                    .endpoint(handlers::refunded),
                )
                .branch(
                    dptree::entry()
                        .filter_command::<Command>()
                        .endpoint(handlers::command),
                )
                .branch(dptree::endpoint(handlers::other_message)),
        )
}
