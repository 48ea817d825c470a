//! The Telegram bot: the handler tree, typed button data, the inbox-backed update listener.
//! Handlers are thin: parse the update, call a service, answer.

pub mod callback;
mod handlers;
pub mod listener;

use std::sync::Arc;

use teloxide::{
    dispatching::UpdateHandler, prelude::*, types::MessageKind, utils::command::BotCommands,
};

pub use callback::Callback;

use crate::{inbox::Finisher, telegram::Telegram};

/// The services' way to Telegram, as the handlers receive it.
pub type Api = Arc<dyn Telegram>;

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
    #[command(description = "stop asking for a refund")]
    Cancel,
    #[command(description = "your subscriptions: renewal, a new invite link")]
    Subscriptions,
    #[command(description = "your invite link and what it earned you")]
    Referrals,
    #[command(description = "use a promo code: /promo CODE")]
    Promo(String),
}

/// The whole conversation in one screen. Every update first takes an inbox ticket, which marks
/// it done when its handler has finished.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .map(|update: Update, finisher: Finisher| finisher.ticket(&update))
        .branch(Update::filter_pre_checkout_query().endpoint(handlers::pre_checkout))
        .branch(Update::filter_my_chat_member().endpoint(handlers::my_chat_member))
        .branch(
            Update::filter_callback_query()
                .branch(
                    dptree::filter_map(|q: CallbackQuery| {
                        q.data.as_deref().and_then(Callback::parse)
                    })
                    .branch(dptree::case![Callback::Shop].endpoint(handlers::shop_button))
                    .branch(dptree::case![Callback::Product(id)].endpoint(handlers::product_button))
                    .branch(dptree::case![Callback::Buy(id)].endpoint(handlers::buy_button))
                    .branch(dptree::case![Callback::Again(id)].endpoint(handlers::again_button))
                    .branch(dptree::case![Callback::Refund(id)].endpoint(handlers::refund_button))
                    .branch(dptree::case![Callback::Plan(id)].endpoint(handlers::plan_button))
                    .branch(
                        dptree::case![Callback::SubCancel(id)]
                            .endpoint(handlers::sub_cancel_button),
                    )
                    .branch(
                        dptree::case![Callback::SubResume(id)]
                            .endpoint(handlers::sub_resume_button),
                    )
                    .branch(
                        dptree::case![Callback::SubInvite(id)]
                            .endpoint(handlers::sub_invite_button),
                    )
                    .branch(dptree::case![Callback::PromoAsk(id)].endpoint(handlers::promo_button))
                    .branch(
                        dptree::case![Callback::PromoDrop(id)]
                            .endpoint(handlers::promo_drop_button),
                    ),
                )
                .branch(dptree::endpoint(handlers::unknown_button)),
        )
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
