### What the bot says to customers, in English (the source: German and Russian say the same
### messages). Values in { $braces } are filled in by the shop, already HTML-escaped; a
### message's <b>, <i>, <s> and <code> are Telegram HTML.

## The built-in bot texts (the merchant writes their own in Settings).

default-welcome = Welcome! Pick something below. You pay in Telegram Stars right here in the chat and get your purchase instantly.
default-terms = Terms of sale: digital goods are delivered in this chat right after payment in Telegram Stars. If an order cannot be delivered you get a full refund to your Stars balance. For questions about a payment use /paysupport.
default-refunds = If your purchase could not be delivered, you get your Stars back in full, at once. For anything else, ask with /paysupport within 14 days of the purchase and tell us why; refunds go back to your Stars balance.
default-paysupport = Payment support: write your question in this chat with your order number (see /purchases) and we will answer within 24 hours. Refunds go back to your Stars balance.
default-help =
    /shop - the catalog
    /purchases - your orders, and your goods again
    /subscriptions - your subscriptions
    /promo CODE - use a promo code
    /referrals - invite friends and earn store credit
    /paysupport - help with a payment
    /reminders - reminders about unfinished payments
    /stop - no messages but answers
    /terms - terms of sale, refunds and the seller
default-tip-thanks = Thank you for your support! It keeps this shop going.

## The menu of commands (setMyCommands).

command-start = open the shop
command-shop = the catalog
command-purchases = your orders, and your goods again
command-subscriptions = your subscriptions: renewal, a new invite link
command-promo = use a promo code: /promo CODE
command-referrals = your invite link and what it earned you
command-tip = support the shop with a tip in Stars
command-paysupport = help with a payment
command-terms = terms of sale, refunds and the seller
command-reminders = reminders about unfinished payments: on or off
command-stop = no messages from the bot except answers
command-help = how this bot works
command-cancel = stop asking for a refund

## Catalog and cards.

in-stock = In stock
sold-out-stock = Sold out
stock-left = { $n } left
catalog-empty = The shop has nothing on sale right now. Please come back later.
catalog-tap = <b>Catalog</b>: tap a product to see it.
plan-button = { $title } · { $price } / 30 days
card-channel = Access to <b>{ $channel }</b> for good: pay once, join with an invite link made for you.
card-channel-unnamed = a private channel
card-price = Price: <b>{ $price }</b>
card-limit = Limit: { $limit } per customer
buy-for = Buy for { $price }
buy-with-credit = Get it with store credit
terms-button = Terms
accept-button = ✅ I accept the terms
accept-first = Before your purchase, please read and accept the terms:
accepted = Thank you: you accepted the terms (version { $version }). Here is your invoice.
legal-refunds = Refunds
legal-seller = Seller
legal-version = Terms version { $version }
not-on-sale = This product is not on sale any more. Here is what is: /shop
sold-out = Sorry, this product is sold out right now. See /shop for what is available.
limit-reached =
    { $limit ->
        [one] You have bought this once, the most one customer can: it cannot be bought again. See /purchases for what you have.
       *[other] You have bought this { $limit } times, the most one customer can: it cannot be bought again. See /purchases for what you have.
    }
one-at-a-time = This product is sold one at a time.
only-left = Only { $n } left: pick a smaller amount.
limit-left = You can buy { $n } more of this product: pick a smaller amount.

## Invoices.

invoice-valid-minutes = Valid for { $minutes } min, until { $until }.
invoice-valid-hours = Valid for { $hours } h, until { $until }.
invoice-expired = The invoice for <b>{ $title }</b> ({ $price }) has expired.
buy-fresh = Buy again
reminders-question = Shall I remind you once, later, when a payment is left unfinished? /reminders changes this any time.
reminders-yes = Yes, remind me
reminders-no = No, thanks
reminders-on = Reminders are on: when a payment is left unfinished, I remind you once, a while later. /reminders turns them off, /stop turns off every message that is not an answer.
reminders-off = Reminders are off: I will not remind you about unfinished payments. /reminders turns them on.
stopped = Done: from now on I only answer you, and send nothing on my own (no reminders). /reminders turns reminders back on.
reminder = You left <b>{ $title }</b> unpaid. It is still here for { $price }: one tap for a fresh invoice.

## Pre-checkout: why a payment is refused (Telegram shows it to the customer).

refusal-invalid-invoice = This invoice is not valid any more. Open /shop and tap Buy again.
refusal-wrong-currency = This shop only takes Telegram Stars.
refusal-wrong-amount = The amount does not match the price. Tap Buy again.
refusal-not-your-invoice = This invoice was made for someone else. Open /shop and tap Buy.
refusal-unknown-product = This product does not exist any more.
refusal-not-on-sale = This product is no longer on sale.
refusal-price-changed = Price changed, tap Buy again.
refusal-limit-reached = You have reached the limit of { $limit } per customer for this product.
refusal-sold-out = Sold out. Check /shop later.
refusal-already-paid = This invoice is already paid. See /purchases.
refusal-being-paid = This invoice is being paid already. If that payment did not go through, tap Buy for a new invoice.
refusal-subscribed = You are subscribed to this plan already. See /subscriptions.
refusal-credit-changed = Your store credit has changed since this invoice was made. Tap Buy again.
refusal-expired = This invoice has expired, tap Buy for a fresh one.
has-access = You already have access to { $channel }: there is nothing to pay. Lost your invite link? /purchases gives you a new one.
blocked = Sorry, this account cannot buy in this shop. Use /paysupport if you think this is a mistake.
limit-attempts = Too many payment attempts in a minute. Please wait a moment, then tap Pay again.
limit-per-hour = This shop takes at most { $n } an hour from one customer. Please try again later.
limit-first-day = New customers can spend up to { $stars } on their first day here. Please try again tomorrow.
limit-per-day = This purchase would go over this shop's limit of { $stars } in 24 hours. Please try again tomorrow.
limit-purchases =
    { $n ->
        [one] 1 purchase
       *[other] { $n } purchases
    }

## Tips.

tip-button = Support us
tip-other = Other amount
tip-menu =
    <b>Support us</b>
    A tip in Stars helps this shop. Pick an amount, or tap Other amount and type yours.
tip-ask = How many Stars would you like to give? Type a number from 1 to 10,000.
tip-wrong = Type a whole number of Stars from 1 to 10,000, for example 25.
tip-title = Support us
tip-description = A tip of { $stars } for the shop. Thank you!
tips-off = This shop does not take tips right now. See /shop for what it sells.

## After a purchase.

buy-again = Buy again
share = Share
buy-again-title = Buy again: { $title }
also-bought = Customers also bought: { $title } · { $price }
goods-text =
    Here is your <b>{ $title }</b>:

    { $content }
goods-code =
    Your code for <b>{ $title }</b>:

    <code>{ $code }</code>
goods-codes =
    Your { $n } codes for <b>{ $title }</b>:

    { $codes }
goods-file = Your file: <b>{ $title }</b>
receipt-head =
    <b>Receipt</b> · Paid · order #{ $id }
    Product: { $title }
    Paid: { $price }
receipt-tail = Your purchases are always in /purchases. Questions about this payment: /paysupport
receipt-promo = Promo code { $code }: −{ $off }
receipt-credit = Store credit used: { $credit }
undelivered-out-of-stock = it sold out while you were paying
undelivered-limit = you had reached the limit per customer for it
undelivered-already-paid = this invoice had been paid already
undelivered-unknown = it is no longer in the shop
undelivered-has-access = you had access to its channel already
undelivered-other = it cannot be sent in Telegram as it is; the shop has been told
apology = We are sorry: <b>{ $title }</b> could not be delivered ({ $why }). Your { $price } have been refunded in full. Order #{ $id }. See /shop for what is available.
refunded = Order #{ $id } ({ $title }) was refunded: { $price } are back on your balance.
purchases-none = You have no purchases yet. Open /shop to see the catalog.
purchases-title = <b>Your purchases</b>
purchases-refunded = refunded
purchases-delivering = being delivered
purchases-tap = Tap an order to receive it again.
again-button = Get #{ $id } again: { $title }
invite-button = New invite link #{ $id }: { $title }
channel-receipt-tail = Access to <b>{ $channel }</b> is yours for good. The button below lets one person in, you: a forwarded link does not work for anyone else, and it expires in { $hours } hours. Lost it? /purchases gives you a new one. Questions about this payment: /paysupport
channel-new-invite = Here is a new invite link to <b>{ $channel }</b> (the old one no longer works). It lets one person in: you.
channel-access-ended = Order #{ $id } was refunded, so your access to <b>{ $channel }</b> has ended.
not-yours = That order is not in your purchases.
refunded-no-goods = That order was refunded, so there is nothing to deliver.
try-later = Something went wrong on our side. Please try again in a minute.
too-fast = Too many messages; wait a moment.
nothing-to-cancel = There is nothing to cancel.

## Refund requests and support.

ask-refund-button = Ask for a refund of #{ $id }
ask-refund-reason =
    Order #{ $id } · { $title } · { $price }

    Tell us in one message why you want a refund (at most 500 characters). Send /cancel to keep the order.
request-received = Refund request #{ $request } for order #{ $id } received. A person will decide it and you will get the answer here, usually within 24 hours.
request-approved = Your refund request #{ $request } was approved: { $price } for order #{ $id } ({ $title }) are back on your Stars balance.
request-declined =
    Your refund request #{ $request } for order #{ $id } was declined:

    { $message }

    Reply here if you have a question.
support-ack = Thanks, your message is with us: a person will answer here, usually within 24 hours.
refund-cancelled = All right, the order stays as it is.
refund-how-to =
    Refunds: open /purchases and press "Ask for a refund" under the order, within { $days } days of paying.
    An approved refund returns the whole amount to your Stars balance.
request-already-refunded = That order is refunded already: the Stars are on your balance.
request-empty = Please write the reason in words.
request-too-long = That is longer than { $max } characters. Please send a shorter reason.

## Subscription plans.

plan-not-on-sale = This plan is not on sale any more. Here is what is: /shop
subscription-over = That subscription has ended. Subscribe again from /shop to get access back.
resume-button = Resume my subscription
subscribe-again-button = Subscribe again
no-subscriptions = You have no subscriptions. The plans on offer are in /shop.
join-button = Join { $channel }
subscribe-button = Subscribe · { $price } / 30 days
plan-card =
    <b>{ $title }</b>
    { $description }

    { $price } every 30 days, renewed by Telegram until you cancel.
plan-card-access = Gives access to: { $channels }.
plan-card-cancel = Cancel any time in /subscriptions; access lasts to the end of the paid period.
subscription-receipt =
    <b>Receipt</b>
    Order: #{ $id }
    Subscription: { $plan }
    Paid: { $price }
    Paid until: { $until }

    Each button below lets one person in, you: a forwarded link does not work for anyone else. Lost it? /subscriptions gives you a new one.
subscription-renewed =
    <b>Renewed</b>: { $plan } · { $price } · order #{ $id }
    Paid until: { $until }
subscription-reminder =
    { $days ->
        [one] Your subscription to <b>{ $plan }</b> ends tomorrow, on { $until }: you cancelled it, so it will not renew. Resume it to keep your access.
       *[other] Your subscription to <b>{ $plan }</b> ends in { $days } days, on { $until }: you cancelled it, so it will not renew. Resume it to keep your access.
    }
subscription-ended-refunded = Your subscription to <b>{ $plan }</b> has ended: its payment was refunded, so your access was removed. You can subscribe again at any time.
subscription-ended = Your subscription to <b>{ $plan }</b> has ended and your access was removed. You can subscribe again at any time.
access-back = Your access to <b>{ $plan }</b> is back until { $until }. Use the button below to join again.
subscription-renews = renews on { $until }
subscription-cancelled-until = cancelled, access until { $until }
subscription-refunded-until = refunded, access until { $until }
subscription-ended-state = ended
subscription-cancelled = Renewal of <b>{ $plan }</b> cancelled: nothing more will be charged. Your access lasts until { $until }.
subscription-resumed = <b>{ $plan }</b> will renew again on { $until }.
not-yours-subscription = That subscription is not one of yours. See /subscriptions.
new-invites = Here is a new invite link (the old one no longer works). It lets one person in: you.
cancel-renewal-button = Cancel renewal #{ $id }
resume-id-button = Resume #{ $id }
new-invite-id-button = New invite link #{ $id }

## Promo codes and store credit.

card-promo-price = Price: <s>{ $list }</s> <b>{ $price }</b> with code <b>{ $code }</b>
card-credit = Your store credit: −{ $credit } → you pay <b>{ $to_pay }</b>
plan-promo = With code <b>{ $code }</b>: <s>{ $list }</s> <b>{ $price }</b> every 30 days, renewals included.
have-promo-button = Have a promo code?
drop-promo-button = Remove the promo code
ask-promo = Type your promo code as the next message (for example <code>WELCOME10</code>).
promo-how = Send <code>/promo CODE</code> with your code to use it on your next purchase.
promo-applied = Promo code <b>{ $code }</b> applied: { $words }. Prices in /shop show it; it is used when you pay.
promo-dropped = Promo code <b>{ $code }</b> removed: prices are back to normal.
promo-current = You are using promo code <b>{ $code }</b> ({ $words }).
paid-with-credit = Order #{ $id } is paid with your store credit: no Stars were charged.
promo-percent-off = { $percent }% off
promo-stars-off = { $stars } off
promo-unknown = There is no promo code { $code }. Check the spelling and try again.
promo-inactive = The promo code { $code } is no longer valid.
promo-not-yet = The promo code { $code } is valid from { $day } (UTC).
promo-expired = The promo code { $code } expired on { $day } (UTC).
promo-used-up = The promo code { $code } has been used up.
promo-used-by-you = You have already used the promo code { $code }.
promo-first-only = The promo code { $code } is for a first purchase only.
promo-not-for-item = The promo code { $code } does not apply to this item.

## Referrals.

referrals-head =
    <b>Invite friends, earn store credit</b>

    Your link:
    { $link }

    People invited: <b>{ $invited }</b> (bought: { $buyers })
    Commission pending: <b>{ $pending }</b>
    Available: <b>{ $available }</b>
    Paid out: <b>{ $paid }</b>
referrals-negative = (Below zero: a refunded purchase took back a commission that was already paid out; new commissions make up for it first.)
referrals-credit = Store credit to spend: <b>{ $credit }</b> (taken off your next purchases)
referrals-how =
    <b>How it works</b>
    • Someone new opens the bot through your link: they are yours. The first link they used counts; people who used the bot before and your own link don't.
    • You earn { $percent }% of what they pay (some items may have their own rate), for { $months } months.
    • A commission is pending for { $days } days, then available. A refunded purchase takes its commission back.
    • The shop pays out as store credit for your purchases here, or another way it tells you.
referrals-none = The shop pays no commission right now; your link still brings friends to it.
share-link-button = Share your link
share-text = Have a look at this shop on Telegram:
referred-welcome = Welcome! You came through { $name }'s invitation.
friend-joined-paid = { $name } joined through your invite link. You earn { $percent }% of what they pay for { $months } months: see /referrals.
friend-joined = { $name } joined through your invite link.
own-link = That is your own invite link: share it with friends. Your figures are in /referrals.

## Dates as customers read them.

month-short = { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    }
day = { $d } { $month } { $year }

## Buttons.

back-to-catalog = « Catalog
someone = Someone
subscriptions-title = <b>Your subscriptions</b>
refusal-blocked = Sorry, purchases from this account are not accepted. Use /paysupport if you think this is a mistake.
refusal-promo = { $why } Tap Buy again for the full price.
request-outside-window = Refunds can be asked for within { $days } days of paying, and this order is older. If something is wrong with it, write here and a person will answer.
request-already-open = You have asked for a refund of this order already (request #{ $request }). We will answer here.
