//! The Telegram bot: the handler tree, typed button data, the inbox-backed update listener.
//! Handlers are thin: parse the update, call a service, answer.

pub mod answer;
pub mod callback;
pub mod flood;
mod handlers;
pub mod listener;

use std::{collections::BTreeMap, ops::ControlFlow, panic::Location, sync::Arc};

use teloxide::{
    dispatching::{DpHandlerDescription, UpdateHandler},
    dptree::{HandlerDescription, HandlerSignature, Type},
    prelude::*,
    types::{MessageKind, UpdateKind},
    utils::command::BotCommands,
};
use tokio::sync::watch;

pub use callback::Callback;

use crate::{inbox::Finisher, telegram::Telegram};
use flood::FloodGuard;

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
    #[command(description = "terms of sale, refunds and the seller")]
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
    #[command(description = "support the shop with a tip in Stars")]
    Tip,
    #[command(description = "reminders about unfinished payments: on or off")]
    Reminders,
    #[command(description = "no messages from the bot except answers")]
    Stop,
}

/// The address of a Bot API method, as teloxide builds it.
pub fn method_url(bot: &Bot, method: &str) -> reqwest::Url {
    let mut url = bot.api_url();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty()
            .push(&format!("bot{}", bot.token()))
            .push(method);
    }
    url
}

/// The dispatcher's queue an update waits in: a chat's own messages and button presses one
/// after another, in the order they came; payments, refunds and pre-checkout queries (`None`)
/// in no chat's queue, run at once beside everything else, never behind a customer's chatter.
pub fn queue_of(update: &Update) -> Option<ChatId> {
    match &update.kind {
        UpdateKind::Message(m)
            if matches!(
                m.kind,
                MessageKind::SuccessfulPayment(_) | MessageKind::RefundedPayment(_)
            ) =>
        {
            None
        }
        _ => update.chat().map(|c| c.id),
    }
}

/// Set when the runtime stops: handlers still running end where they wait (a send in its turn,
/// a retry's pause), and updates still queued do not start. Their tickets are dropped after the
/// inbox stopped marking updates done, so they run again at the next start.
#[derive(Clone, Default)]
pub struct Halt(Arc<watch::Sender<bool>>);

impl Halt {
    pub fn halt(&self) {
        self.0.send_replace(true);
    }

    async fn halted(&self) {
        let mut rx = self.0.subscribe();
        let _ = rx.wait_for(|h| *h).await;
    }
}

/// The tree's entry: the rest of it runs unless the runtime halts first.
#[track_caller]
fn until_halted() -> UpdateHandler<anyhow::Error> {
    let mut obligations = BTreeMap::new();
    obligations.insert(Type::of::<Halt>(), Location::caller());
    dptree::from_fn_with_description(
        DpHandlerDescription::entry(),
        |deps: DependencyMap, cont| async move {
            let halt: Arc<Halt> = deps.get();
            tokio::select! {
                biased;
                _ = halt.halted() => ControlFlow::Break(Ok(())),
                flow = cont(deps) => flow,
            }
        },
        HandlerSignature::Other {
            obligations,
            guaranteed_outcomes: Default::default(),
            conditional_outcomes: Default::default(),
            continues: true,
        },
    )
}

/// The whole conversation in one screen. Every update first takes an inbox ticket, which marks
/// it done when its handler has finished.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    until_halted()
        .map(
            |update: Update, finisher: Finisher, flood: Arc<FloodGuard>| {
                flood.taken_up(&update);
                finisher.ticket(&update)
            },
        )
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
                    .branch(
                        dptree::case![Callback::BuyQty(id, n)].endpoint(handlers::buy_qty_button),
                    )
                    .branch(dptree::case![Callback::Rebuy(id)].endpoint(handlers::buy_button))
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
                    )
                    .branch(
                        dptree::case![Callback::Reminders(on)].endpoint(handlers::reminders_button),
                    )
                    .branch(dptree::case![Callback::Terms].endpoint(handlers::terms_button))
                    .branch(dptree::case![Callback::Accept(id)].endpoint(handlers::accept_button))
                    .branch(
                        dptree::case![Callback::AcceptQty(id, n)]
                            .endpoint(handlers::accept_qty_button),
                    )
                    .branch(dptree::case![Callback::TipMenu].endpoint(handlers::tip_menu_button))
                    .branch(dptree::case![Callback::Tip(amount)].endpoint(handlers::tip_button)),
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
