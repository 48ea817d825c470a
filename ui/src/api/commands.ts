// generated from src-tauri/src/commands; do not edit.
// `STARDESK_WRITE_BINDINGS=1 cargo test -p stardesk bindings` rewrites it.
import type { AffiliateReport } from "../bindings/AffiliateReport";
import type { Attention } from "../bindings/Attention";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditExport } from "../bindings/AuditExport";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { Books } from "../bindings/Books";
import type { BooksReconciled } from "../bindings/BooksReconciled";
import type { BotIdentity } from "../bindings/BotIdentity";
import type { BotText } from "../bindings/BotText";
import type { CashFlow } from "../bindings/CashFlow";
import type { Category } from "../bindings/Category";
import type { Channel } from "../bindings/Channel";
import type { ChatLine } from "../bindings/ChatLine";
import type { CodeCheck } from "../bindings/CodeCheck";
import type { CodeCounts } from "../bindings/CodeCounts";
import type { CodeImport } from "../bindings/CodeImport";
import type { CodeQuery } from "../bindings/CodeQuery";
import type { CodeRemoval } from "../bindings/CodeRemoval";
import type { CodeRow } from "../bindings/CodeRow";
import type { Connected } from "../bindings/Connected";
import type { Conversation } from "../bindings/Conversation";
import type { ConversationStatus } from "../bindings/ConversationStatus";
import type { CustomerQuery } from "../bindings/CustomerQuery";
import type { CustomerRow } from "../bindings/CustomerRow";
import type { DayRevenue } from "../bindings/DayRevenue";
import type { DemoReferral } from "../bindings/DemoReferral";
import type { DemoStep } from "../bindings/DemoStep";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { Enrolment } from "../bindings/Enrolment";
import type { ExpiryQueue } from "../bindings/ExpiryQueue";
import type { ExpiryRun } from "../bindings/ExpiryRun";
import type { Export } from "../bindings/Export";
import type { Flagged } from "../bindings/Flagged";
import type { FunnelReport } from "../bindings/FunnelReport";
import type { GeneratedBatch } from "../bindings/GeneratedBatch";
import type { Grouping } from "../bindings/Grouping";
import type { InvoicePage } from "../bindings/InvoicePage";
import type { InvoiceQuery } from "../bindings/InvoiceQuery";
import type { Item } from "../bindings/Item";
import type { Keychain } from "../bindings/Keychain";
import type { Lang } from "../bindings/Lang";
import type { Legal } from "../bindings/Legal";
import type { LegalDraft } from "../bindings/LegalDraft";
import type { Limits } from "../bindings/Limits";
import type { OrderAffiliate } from "../bindings/OrderAffiliate";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { OrderPricing } from "../bindings/OrderPricing";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OrderRow } from "../bindings/OrderRow";
import type { Overview } from "../bindings/Overview";
import type { Payout } from "../bindings/Payout";
import type { PayoutDraft } from "../bindings/PayoutDraft";
import type { Plan } from "../bindings/Plan";
import type { PlanDraft } from "../bindings/PlanDraft";
import type { Product } from "../bindings/Product";
import type { ProductDraft } from "../bindings/ProductDraft";
import type { Promo } from "../bindings/Promo";
import type { PromoDraft } from "../bindings/PromoDraft";
import type { PromoUse } from "../bindings/PromoUse";
import type { RateOverride } from "../bindings/RateOverride";
import type { ReconcileReport } from "../bindings/ReconcileReport";
import type { ReferralSettings } from "../bindings/ReferralSettings";
import type { Referrer } from "../bindings/Referrer";
import type { ReferrerDetail } from "../bindings/ReferrerDetail";
import type { RefundBatch } from "../bindings/RefundBatch";
import type { RefundPolicy } from "../bindings/RefundPolicy";
import type { RefundPreview } from "../bindings/RefundPreview";
import type { RefundRequest } from "../bindings/RefundRequest";
import type { Refunded } from "../bindings/Refunded";
import type { ReminderSettings } from "../bindings/ReminderSettings";
import type { Removal } from "../bindings/Removal";
import type { ReportSettings } from "../bindings/ReportSettings";
import type { RequestState } from "../bindings/RequestState";
import type { RevenueReport } from "../bindings/RevenueReport";
import type { Shopper } from "../bindings/Shopper";
import type { StepUpStatus } from "../bindings/StepUpStatus";
import type { Subscriber } from "../bindings/Subscriber";
import type { SubscriberDetail } from "../bindings/SubscriberDetail";
import type { SubscriberQuery } from "../bindings/SubscriberQuery";
import type { SubscriptionFigures } from "../bindings/SubscriptionFigures";
import type { SubscriptionReport } from "../bindings/SubscriptionReport";
import type { SupportCounts } from "../bindings/SupportCounts";
import type { SupportMessage } from "../bindings/SupportMessage";
import type { Templates } from "../bindings/Templates";
import type { TextUse } from "../bindings/TextUse";
import type { TipSettings } from "../bindings/TipSettings";
import { call } from "./invoke";

/**
 * What Telegram's affiliate program took from an order's payment; `null` when no affiliate
 * brought the customer (or Telegram's ledger has not been read since the sale).
 */
export const affiliatesOfOrder = (orderId: number) =>
  call<OrderAffiliate | null>("affiliates_of_order", { order_id: orderId });

/**
 * Orders paid from `from` until before `to`, UTC unix seconds: each affiliate, and the shop's
 * gross, Telegram's commissions and the net after them.
 */
export const affiliatesReport = (from: number, to: number) =>
  call<AffiliateReport>("affiliates_report", { from, to });

export const attentionList = () =>
  call<Array<Attention>>("attention_list");

export const attentionResolve = (id: number) =>
  call<null>("attention_resolve", { id });

export const auditPage = (query: AuditQuery) =>
  call<Array<AuditEntry>>("audit_page", { query });

export const auditCount = (query: AuditQuery) =>
  call<number>("audit_count", { query });

/** Every action the trail holds, for the filter. */
export const auditActions = () =>
  call<Array<string>>("audit_actions");

/**
 * Writes every line matching the query's filters (not only a page) as CSV to `path`, or, with
 * none, where the merchant chooses in the save dialog. Says where, and how many lines; `None`
 * when the dialog was closed.
 */
export const auditExport = (query: AuditQuery, path: string | null) =>
  call<AuditExport | null>("audit_export", { query, path });

/** The name the trail shows for actions taken in this window. */
export const operatorName = () =>
  call<string>("operator_name");

/** Sets the operator's name (recorded in the trail under the old one); returns it as kept. */
export const operatorSetName = (name: string) =>
  call<string>("operator_set_name", { name });

/** Whether Stardesk starts, minimised, when the merchant logs in. */
export const backgroundAutostart = () =>
  call<boolean>("background_autostart");

export const backgroundSetAutostart = (on: boolean) =>
  call<boolean>("background_set_autostart", { on });

/**
 * Quits Stardesk: the bot stops once the deliveries in flight are sent (or they are parked for
 * the next start). Returns how many were in flight, for the window to say so.
 */
export const backgroundQuit = () =>
  call<number>("background_quit");

/** Reads Telegram's whole ledger and balance and sets them beside Stardesk's books. */
export const booksCheck = () =>
  call<Books>("books_check");

/**
 * Reconciles with Telegram's ledger (recovers orders, records refunds and commissions), then
 * checks the books again.
 */
export const booksReconcile = () =>
  call<BooksReconciled>("books_reconcile");

/** The last check, as kept; none before the first. */
export const booksLast = () =>
  call<Books | null>("books_last");

export const botStatus = () =>
  call<DeskStatus>("bot_status");

export const botStart = () =>
  call<DeskStatus>("bot_start");

export const botStop = () =>
  call<DeskStatus>("bot_stop");

export const botRestart = () =>
  call<DeskStatus>("bot_restart");

export const botKeychain = () =>
  call<Keychain>("bot_keychain");

export const botCheckToken = (token: string) =>
  call<BotIdentity>("bot_check_token", { token });

export const botConnect = (token: string, allowFile: boolean, code: string | null) =>
  call<Connected>("bot_connect", { token, allow_file: allowFile, code });

export const botDisconnect = (code: string | null) =>
  call<DeskStatus>("bot_disconnect", { code });

export const botReconcile = () =>
  call<ReconcileReport>("bot_reconcile");

export const catalogList = (includeArchived: boolean) =>
  call<Array<Product>>("catalog_list", { include_archived: includeArchived });

export const catalogCreate = (draft: ProductDraft) =>
  call<Product>("catalog_create", { draft });

export const catalogUpdate = (id: number, draft: ProductDraft) =>
  call<Product>("catalog_update", { id, draft });

export const catalogSetActive = (id: number, active: boolean) =>
  call<Product>("catalog_set_active", { id, active });

/**
 * Imports codes; `first_line` numbers the text's first line when it is one part of a longer
 * file (checked whole with `catalog_check_codes` first).
 */
export const catalogImportCodes = (productId: number, text: string, firstLine: number | null) =>
  call<CodeImport>("catalog_import_codes", { product_id: productId, text, first_line: firstLine });

/**
 * Reads a whole list of codes without importing anything: a line that cannot be read is
 * reported with its number before any part is imported.
 */
export const catalogCheckCodes = (text: string) =>
  call<CodeCheck>("catalog_check_codes", { text });

/** One page of a code product's codes, with their state; searched and narrowed by state. */
export const catalogCodes = (query: CodeQuery) =>
  call<Array<CodeRow>>("catalog_codes", { query });

/** How many of a product's codes are in each state, among those the search matches. */
export const catalogCodeCounts = (productId: number, search: string) =>
  call<CodeCounts>("catalog_code_counts", { product_id: productId, search });

/** Takes unsold codes out of the pool; the answer's `removal_id` undoes it. */
export const catalogRemoveCodes = (productId: number, codeIds: Array<number>) =>
  call<CodeRemoval>("catalog_remove_codes", { product_id: productId, code_ids: codeIds });

/** Puts back the codes one removal took out; returns how many. */
export const catalogRestoreCodes = (productId: number, removalId: number) =>
  call<number>("catalog_restore_codes", { product_id: productId, removal_id: removalId });

/**
 * Every code of the product with its state, as CSV where the merchant chooses; `None` when
 * the dialog was closed.
 */
export const catalogExportCodes = (productId: number) =>
  call<Export | null>("catalog_export_codes", { product_id: productId });

/** The stock at or below which a sale warns; 0 never warns. */
export const catalogSetLowStock = (productId: number, lowStock: number) =>
  call<Product>("catalog_set_low_stock", { product_id: productId, low_stock: lowStock });

/** The code an order delivered, for its drawer. */
export const catalogOrderCode = (orderId: number) =>
  call<string | null>("catalog_order_code", { order_id: orderId });

/**
 * After connecting a real bot: the demo shop's catalog (products on sale, unsold codes,
 * files) copied into the real, still empty shop; never its orders. Returns the products copied.
 */
export const catalogCopyDemo = () =>
  call<number>("catalog_copy_demo");

/** The file arrives as the raw request body; its product, name and type as headers. */
export const catalogSetFile = (body: ArrayBuffer | Uint8Array, headers: Record<string, string>) =>
  call<null>("catalog_set_file", body, { headers });

/** The product suggested under a receipt of this one ("customers also bought"), if any. */
export const catalogAlsoBought = (id: number) =>
  call<number | null>("catalog_also_bought", { id });

/** Sets or clears (null) the product suggested under a receipt of this one. */
export const catalogSetAlsoBought = (id: number, alsoBoughtId: number | null) =>
  call<number | null>("catalog_set_also_bought", { id, also_bought_id: alsoBoughtId });

export const customersPage = (query: CustomerQuery) =>
  call<Array<CustomerRow>>("customers_page", { query });

export const customersCount = (query: CustomerQuery) =>
  call<number>("customers_count", { query });

/** A blocked customer is refused at pre-checkout with a message. */
export const customerSetBlocked = (id: number, blocked: boolean) =>
  call<null>("customer_set_blocked", { id, blocked });

/** The simulated customers, each with the Stars they have left. */
export const demoShoppers = () =>
  call<Array<Shopper>>("demo_shoppers");

export const demoCreateShopper = (firstName: string, lang: Lang) =>
  call<Shopper>("demo_create_shopper", { first_name: firstName, lang });

export const demoOpenShop = (userId: number) =>
  call<Array<ChatLine>>("demo_open_shop", { user_id: userId });

export const demoSend = (userId: number, text: string) =>
  call<Array<ChatLine>>("demo_send", { user_id: userId, text });

export const demoPress = (userId: number, messageId: number, data: string) =>
  call<Array<ChatLine>>("demo_press", { user_id: userId, message_id: messageId, data });

export const demoPay = (userId: number, messageId: number) =>
  call<DemoStep>("demo_pay", { user_id: userId, message_id: messageId });

export const demoBuy = (userId: number, productId: number) =>
  call<DemoStep>("demo_buy", { user_id: userId, product_id: productId });

export const demoChat = (userId: number) =>
  call<Array<ChatLine>>("demo_chat", { user_id: userId });

/** The customer taps a link button: pays an invoice link, joins with an invite link. */
export const demoOpenLink = (userId: number, url: string) =>
  call<DemoStep>("demo_open_link", { user_id: userId, url });

/** Moves the simulator's clock ahead: renewals are charged, paid periods end. */
export const demoLater = (days: number) =>
  call<number>("demo_later", { days });

/** The simulator's time (ahead of the wall clock once moved). */
export const demoNow = () =>
  call<number>("demo_now");

/**
 * The customer refers a friend: they ask /referrals and a new simulated customer opens their
 * link, referred from then on.
 */
export const demoReferFriend = (userId: number, friendName: string) =>
  call<DemoReferral>("demo_refer_friend", { user_id: userId, friend_name: friendName });

/**
 * Every order the Orders page's filters and search match, in its sort, as CSV where the
 * merchant chooses. `job` names the export for its progress and `export_cancel`; `None` when
 * the dialog was closed or the export cancelled.
 */
export const ordersExport = (query: OrderQuery, job: string) =>
  call<Export | null>("orders_export", { query, job });

/** Every customer the Customers page's search and filter match, in its sort, as CSV. */
export const customersExport = (query: CustomerQuery, job: string) =>
  call<Export | null>("customers_export", { query, job });

/** Every subscriber the Subscriptions page's filters match, in its sort, as CSV. */
export const subscribersExport = (query: SubscriberQuery, job: string) =>
  call<Export | null>("subscribers_export", { query, job });

/** The refund requests the Support page lists (of one state, or all), as CSV. */
export const requestsExport = (state: RequestState | null) =>
  call<Export | null>("requests_export", { state });

/**
 * Stops the export `job` at its next row; what it wrote is deleted. False when it had
 * finished already.
 */
export const exportCancel = (job: string) =>
  call<boolean>("export_cancel", { job });

/** A table the window shows (a report's), as CSV: `header` and `rows` as they are on screen. */
export const exportTable = (what: string, header: Array<string>, rows: Array<Array<string>>) =>
  call<Export | null>("export_table", { what, header, rows });

/**
 * A chart as the window drew it (`png_base64`: a PNG, or a `data:image/png;base64,` URL), as a
 * PNG file where the merchant chooses. Returns where it went; `None` when the dialog was closed.
 */
export const exportPng = (what: string, pngBase64: string) =>
  call<string | null>("export_png", { what, png_base64: pngBase64 });

export const invoicesPage = (query: InvoiceQuery) =>
  call<InvoicePage>("invoices_page", { query });

/**
 * Sets how long a new invoice stays valid (1 to 1440 minutes); invoices already sent keep
 * their time.
 */
export const invoicesSetMinutes = (minutes: number) =>
  call<number>("invoices_set_minutes", { minutes });

/** Reminders about unfinished payments: on or off, and how long after expiry. */
export const remindersSettings = () =>
  call<ReminderSettings>("reminders_settings");

export const remindersSet = (settings: ReminderSettings) =>
  call<ReminderSettings>("reminders_set", { settings });

export const legalGet = () =>
  call<Legal>("legal_get");

/** Saves the seller's details and whether customers accept the terms before buying. */
export const legalSet = (draft: LegalDraft) =>
  call<Legal>("legal_set", { draft });

/**
 * The /terms message as the bot sends it (Telegram HTML) to a customer in `lang`, for the
 * preview.
 */
export const legalPreview = (lang: Lang) =>
  call<string>("legal_preview", { lang });

export const limitsGet = () =>
  call<Limits>("limits_get");

/** Sets the limits (each one off when null); the bot applies them at once. */
export const limitsSet = (limits: Limits) =>
  call<Limits>("limits_set", { limits });

/** Customers flagged by a limit, newest first. */
export const limitsFlagged = () =>
  call<Array<Flagged>>("limits_flagged");

/** Lifts a customer's flag: they are trusted, the limits no longer apply to them. */
export const limitsLift = (customerId: number) =>
  call<null>("limits_lift", { customer_id: customerId });

export const ordersPage = (query: OrderQuery) =>
  call<Array<OrderRow>>("orders_page", { query });

export const ordersCount = (query: OrderQuery) =>
  call<number>("orders_count", { query });

export const orderDetail = (id: number) =>
  call<OrderDetail>("order_detail", { id });

export const orderDeliverAgain = (id: number) =>
  call<null>("order_deliver_again", { id });

/** Codes newest first, with their uses, revenue and discount given. */
export const promosList = () =>
  call<Array<Promo>>("promos_list");

export const promoCreate = (draft: PromoDraft) =>
  call<Promo>("promo_create", { draft });

/**
 * `count` one-time codes starting with `prefix`, on the draft's terms (its code and limits are
 * ignored: each is used once by one customer).
 */
export const promosGenerate = (prefix: string, count: number, draft: PromoDraft) =>
  call<GeneratedBatch>("promos_generate", { prefix, count, draft });

/** Deactivated codes are refused from now on; active ones work again. */
export const promoSetActive = (id: number, active: boolean) =>
  call<Promo>("promo_set_active", { id, active });

/** The orders that used a code, newest first. */
export const promoUses = (id: number) =>
  call<Array<PromoUse>>("promo_uses", { id });

/** `t.me/<bot>?start=promo_CODE`: opens the bot with the code applied. */
export const promoLink = (id: number) =>
  call<string>("promo_link", { id });

/**
 * Every code as CSV where the merchant chooses, or (`batch`) one bulk batch's; `None` when the
 * dialog was closed.
 */
export const promosExport = (batch: string | null) =>
  call<Export | null>("promos_export", { batch });

/** One code's uses as CSV where the merchant chooses. */
export const promoUsesExport = (id: number) =>
  call<Export | null>("promo_uses_export", { id });

/** What lowered an order's price: its promo code and the store credit it took. */
export const promosOfOrder = (orderId: number) =>
  call<OrderPricing>("promos_of_order", { order_id: orderId });

/** Every referrer with their figures; commissions in thousandths of a Star. */
export const referrersList = () =>
  call<Array<Referrer>>("referrers_list");

/** A referrer's figures, the people they brought and their ledger. */
export const referrerDetail = (customerId: number) =>
  call<ReferrerDetail>("referrer_detail", { customer_id: customerId });

/** A customer's personal referral link (made the first time it is asked for). */
export const referralLink = (customerId: number) =>
  call<string>("referral_link", { customer_id: customerId });

/** Referrers with whole Stars available to pay out, most first. */
export const payoutsDue = () =>
  call<Array<Referrer>>("payouts_due");

/** Payouts made, newest first. */
export const payoutsList = () =>
  call<Array<Payout>>("payouts_list");

/**
 * Pays a referrer as store credit or outside Stardesk; above the step-up threshold with a
 * current code.
 */
export const referralPayOut = (draft: PayoutDraft, code: string | null) =>
  call<Payout>("referral_pay_out", { draft, code });

export const referralSettings = () =>
  call<ReferralSettings>("referral_settings");

/** Saves the program's terms; they apply to payments from now on. */
export const referralSetSettings = (settings: ReferralSettings) =>
  call<ReferralSettings>("referral_set_settings", { settings });

/** Products and plans with a commission rate of their own. */
export const referralOverrides = () =>
  call<Array<RateOverride>>("referral_overrides");

/** Gives a product or plan its own rate, or (`percent` null) the shop's back. */
export const referralSetOverride = (item: Item, percent: number | null) =>
  call<Array<RateOverride>>("referral_set_override", { item, percent });

/** Every referrer as CSV where the merchant chooses; `None` when the dialog was closed. */
export const referrersExport = () =>
  call<Export | null>("referrers_export");

/** Every payout as CSV where the merchant chooses; `None` when the dialog was closed. */
export const payoutsExport = () =>
  call<Export | null>("payouts_export");

/** Today's figures, "today" being the merchant's day in the shop's time zone. */
export const reportsOverview = () =>
  call<Overview>("reports_overview");

export const reportsRevenue = (from: string, to: string) =>
  call<Array<DayRevenue>>("reports_revenue", { from, to });

export const reportsLatestOrders = (limit: number) =>
  call<Array<OrderRow>>("reports_latest_orders", { limit });

/** Revenue over a range by day, week or month, per item, top customers, the period before. */
export const reportRevenue = (from: string, to: string, group: Grouping) =>
  call<RevenueReport>("report_revenue", { from, to, group });

/** Cards viewed → invoices sent → paid, per item. */
export const reportFunnel = (from: string, to: string) =>
  call<FunnelReport>("report_funnel", { from, to });

/** MRR, subscribers won and lost, churn, ARPU, cohorts. */
export const reportSubscriptions = (from: string, to: string, group: Grouping) =>
  call<SubscriptionReport>("report_subscriptions", { from, to, group });

/** Stars on hold with Telegram and when they become available. */
export const reportCash = () =>
  call<CashFlow>("report_cash");

export const reportSettings = () =>
  call<ReportSettings>("report_settings");

/** Every time zone the shop may choose, by IANA name. */
export const timeZones = () =>
  call<Array<string>>("time_zones");

/** Sets the shop's time zone (empty: the system's); the report days are counted again in it. */
export const setTimeZone = (name: string) =>
  call<ReportSettings>("set_time_zone", { name });

/** Sets the approximate USD value of a Star, typed as dollars ("0.013"). */
export const setUsdRate = (rate: string) =>
  call<ReportSettings>("set_usd_rate", { rate });

export const settingsTexts = () =>
  call<Array<BotText>>("settings_texts");

/** What goes out with each bot text in a language: the command, what follows it, its buttons. */
export const settingsTextUses = (lang: Lang) =>
  call<Array<TextUse>>("settings_text_uses", { lang });

/** Sets a bot text in a language (a language without its own says the English one). */
export const settingsSetText = (key: string, lang: Lang, body: string) =>
  call<null>("settings_set_text", { key, lang, body });

export const settingsResetText = (key: string, lang: Lang) =>
  call<null>("settings_reset_text", { key, lang });

/** The window's language as chosen in Settings: "system", "en", "de" or "ru". */
export const settingsUiLanguage = () =>
  call<string>("settings_ui_language");

export const settingsSetUiLanguage = (language: string) =>
  call<null>("settings_set_ui_language", { language });

export const settingsNotifications = () =>
  call<boolean>("settings_notifications");

export const settingsSetNotifications = (on: boolean) =>
  call<null>("settings_set_notifications", { on });

export const channelsList = () =>
  call<Array<Channel>>("channels_list");

/** Checks a pasted @name, id or t.me link with Telegram and keeps the channel. */
export const channelCheck = (chat: string) =>
  call<Channel>("channel_check", { chat });

export const channelsRecheck = () =>
  call<Array<Channel>>("channels_recheck");

export const channelForget = (id: number) =>
  call<null>("channel_forget", { id });

export const plansList = () =>
  call<Array<Plan>>("plans_list");

export const planCreate = (draft: PlanDraft) =>
  call<Plan>("plan_create", { draft });

export const planUpdate = (id: number, draft: PlanDraft) =>
  call<Plan>("plan_update", { id, draft });

/** On sale (true) or archived (false). */
export const planSetActive = (id: number, active: boolean) =>
  call<Plan>("plan_set_active", { id, active });

export const subscribersPage = (query: SubscriberQuery) =>
  call<Array<Subscriber>>("subscribers_page", { query });

export const subscribersCount = (query: SubscriberQuery) =>
  call<number>("subscribers_count", { query });

export const subscriberDetail = (id: number) =>
  call<SubscriberDetail>("subscriber_detail", { id });

export const subscriptionFigures = () =>
  call<SubscriptionFigures>("subscription_figures");

/** Cancels (renew = false) or re-enables renewal. */
export const subscriptionSetRenewal = (id: number, renew: boolean) =>
  call<Subscriber>("subscription_set_renewal", { id, renew });

export const subscriptionExtend = (id: number, days: number, reason: string) =>
  call<Subscriber>("subscription_extend", { id, days, reason });

export const subscriptionRemove = (id: number, reason: string) =>
  call<Subscriber>("subscription_remove", { id, reason });

/** Refunds the last payment; access ends now unless `keep_access` (then at the period's end). */
export const subscriptionRefund = (id: number, category: Category, note: string, keepAccess: boolean, code: string | null) =>
  call<Refunded>("subscription_refund", { id, category, note, keep_access: keepAccess, code });

export const expiryQueue = () =>
  call<ExpiryQueue>("expiry_queue");

/** Runs the queue now; `force` removes even while automatic removal is paused. */
export const expiryRun = (force: boolean) =>
  call<ExpiryRun>("expiry_run", { force });

/** Gives access back for `days` after a removal of the last 7 days (a new invite is sent). */
export const expiryUndo = (removalId: number, days: number) =>
  call<Removal>("expiry_undo", { removal_id: removalId, days });

export const expirySetPaused = (paused: boolean) =>
  call<boolean>("expiry_set_paused", { paused });

/** Days before a cancelled subscription ends when its subscriber is reminded. */
export const expirySetReminderDays = (days: Array<number>) =>
  call<Array<number>>("expiry_set_reminder_days", { days });

export const refundPreview = (orderId: number) =>
  call<RefundPreview>("refund_preview", { order_id: orderId });

export const orderRefund = (orderId: number, category: Category, note: string, code: string | null) =>
  call<Refunded>("order_refund", { order_id: orderId, category, note, code });

export const refundsStart = (orderIds: Array<number>, category: Category, note: string, code: string | null) =>
  call<RefundBatch>("refunds_start", { order_ids: orderIds, category, note, code });

export const refundsBatch = (batchId: number) =>
  call<RefundBatch>("refunds_batch", { batch_id: batchId });

export const refundsUnfinished = () =>
  call<Array<RefundBatch>>("refunds_unfinished");

export const refundsResume = (batchId: number, retryFailed: boolean, code: string | null) =>
  call<RefundBatch>("refunds_resume", { batch_id: batchId, retry_failed: retryFailed, code });

export const refundsDiscard = (batchId: number) =>
  call<RefundBatch>("refunds_discard", { batch_id: batchId });

export const requestsList = (state: RequestState | null) =>
  call<Array<RefundRequest>>("requests_list", { state });

export const requestApprove = (id: number, code: string | null) =>
  call<RefundRequest>("request_approve", { id, code });

export const requestDecline = (id: number, message: string) =>
  call<RefundRequest>("request_decline", { id, message });

export const supportCounts = () =>
  call<SupportCounts>("support_counts");

export const supportConversations = (status: ConversationStatus | null) =>
  call<Array<Conversation>>("support_conversations", { status });

export const supportMessages = (conversationId: number) =>
  call<Array<SupportMessage>>("support_messages", { conversation_id: conversationId });

export const supportReply = (conversationId: number, body: string) =>
  call<SupportMessage>("support_reply", { conversation_id: conversationId, body });

export const supportSetStatus = (conversationId: number, status: ConversationStatus) =>
  call<null>("support_set_status", { conversation_id: conversationId, status });

export const supportMarkRead = (conversationId: number) =>
  call<null>("support_mark_read", { conversation_id: conversationId });

export const supportTemplates = () =>
  call<Templates>("support_templates");

export const supportSetTemplates = (templates: Templates) =>
  call<null>("support_set_templates", { templates });

export const refundPolicy = () =>
  call<RefundPolicy>("refund_policy");

export const refundPolicySet = (policy: RefundPolicy, code: string | null) =>
  call<null>("refund_policy_set", { policy, code });

export const stepupStatus = () =>
  call<StepUpStatus>("stepup_status");

export const stepupBegin = () =>
  call<Enrolment>("stepup_begin");

export const stepupConfirm = (code: string) =>
  call<StepUpStatus>("stepup_confirm", { code });

export const stepupDisable = (code: string | null) =>
  call<StepUpStatus>("stepup_disable", { code });

export const stepupSetThreshold = (stars: number, code: string | null) =>
  call<StepUpStatus>("stepup_set_threshold", { stars, code });

/** The tip settings, with the thank-you a customer in `lang` reads. */
export const tipsSettings = (lang: Lang) =>
  call<TipSettings>("tips_settings", { lang });

/**
 * Saves the tip settings: the amounts (1 to 6, each 1 to 10,000 Stars) and the thank-you text
 * in its language (Telegram HTML, checked as the bot texts are).
 */
export const tipsSet = (settings: TipSettings) =>
  call<TipSettings>("tips_set", { settings });

/** Called by the UI once it has painted; prints the time since the process started. */
export const windowReady = () =>
  call<null>("window_ready");
