import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Grouping } from "../bindings/Grouping";
import type { Lang } from "../bindings/Lang";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { RevenueReport } from "../bindings/RevenueReport";
import type { RevenueTotals } from "../bindings/RevenueTotals";
import type { TipSettings } from "../bindings/TipSettings";
import { actionWords } from "../pages/Audit";
import { CatalogPage } from "../pages/Catalog";
import { OrdersPage } from "../pages/Orders";
import { ReportsPage } from "../pages/Reports";
import { SettingsPage } from "../pages/Settings";
import { amountsOf } from "../pages/settings/Tips";
import { demoStatus, mockCommands, orderRow, product, renderPage } from "./render";

configure({ testIdAttribute: "data-test" });

// The charts' data as drawn, for their colours; jsdom has no canvas.
const drawn: { labels?: string[]; datasets: { backgroundColor?: unknown }[] }[] = [];
vi.mock("react-chartjs-2", () => ({
  Chart: (props: { "aria-label"?: string; data: (typeof drawn)[number] }) => {
    drawn.push(props.data);
    return <canvas role="img" aria-label={props["aria-label"]} />;
  },
}));

const settingsPage = {
  bot_status: () => demoStatus,
  bot_keychain: () => ({ available: true, reason: null }),
  settings_texts: () => [],
  settings_notifications: () => true,
};

describe("Settings · tips", () => {
  it("reads the amounts typed, in the order typed", () => {
    expect(amountsOf("10, 2,2 ,50")).toEqual([10, 2, 2, 50]);
    expect(amountsOf("1 3 5⭐")).toEqual([1, 3, 5]);
    expect(amountsOf("")).toEqual([]);
    expect(amountsOf("5, ten")).toBe("bad");
    expect(amountsOf("2.5")).toBe("bad");
  });

  it("saves exactly what was typed, shows what the core kept, and shows its refusal", async () => {
    let held: TipSettings = { enabled: false, presets: [1, 3, 5, 10], thanks: "Thank you for your support!", lang: "en" };
    const calls = mockCommands({
      ...settingsPage,
      tips_settings: (a) => ({ ...held, lang: a.lang as Lang }),
      tips_set: (a) => {
        const s = a.settings as TipSettings;
        const presets = [...new Set(s.presets)].sort((x, y) => x - y);
        if (presets.length < 1 || presets.length > 6) return Promise.reject({ code: "invalid", message: "Offer 1 to 6 amounts for tips." });
        if (presets.some((p) => p < 1 || p > 10_000)) return Promise.reject({ code: "invalid", message: "A tip is 1 to 10,000 Stars." });
        held = { ...s, presets, thanks: s.thanks.trim() };
        return held;
      },
    });
    const sent = () => calls.filter((c) => c.cmd === "tips_set").map((c) => c.args.settings);
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const amounts = (await screen.findByLabelText("Amounts offered, in Stars")) as HTMLInputElement;
    const card = amounts.closest("[data-test='tips-settings']") as HTMLElement;
    const inCard = within(card);
    expect(inCard.getByRole("heading", { name: "Tips (Support us)" })).toBeInTheDocument();
    expect(inCard.getByTestId("tips-explained")).toHaveTextContent(/Support us button under the catalog and can send \/tip/);
    expect(amounts.value).toBe("1, 3, 5, 10");
    const thanks = inCard.getByLabelText(/Thank-you text/) as HTMLTextAreaElement;
    expect(thanks.value).toBe("Thank you for your support!");
    const toggle = inCard.getByRole("switch", { name: "Offer tips in the chat" });
    expect(toggle).toHaveAttribute("aria-checked", "false");
    // Off: /tip says the shop takes none.
    expect(inCard.getByTestId("tips-preview")).toHaveTextContent("This shop does not take tips right now.");
    const save = inCard.getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();

    // Not numbers: said at once, nothing sent.
    await user.clear(amounts);
    await user.type(amounts, "5, ten");
    expect(inCard.getByRole("alert")).toHaveTextContent("Type whole numbers of Stars, separated by commas");
    expect(save).toBeDisabled();

    // Seven amounts: the core refuses, in its words; what was typed stays.
    await user.clear(amounts);
    await user.type(amounts, "1, 2, 3, 4, 5, 6, 7");
    await user.click(save);
    expect(await inCard.findByTestId("tips-error")).toHaveTextContent("Offer 1 to 6 amounts for tips.");
    expect(sent()).toEqual([{ enabled: false, presets: [1, 2, 3, 4, 5, 6, 7], thanks: "Thank you for your support!", lang: "en" }]);
    expect(amounts.value).toBe("1, 2, 3, 4, 5, 6, 7");

    // A thank-you text Telegram could not read is caught before the core.
    await user.clear(thanks);
    await user.type(thanks, "<b>Merci");
    expect(inCard.getByTestId("tips-thanks-problem")).toBeInTheDocument();
    expect(save).toBeDisabled();

    // On, amounts as typed (unsorted, a repeat), the text as typed: sent exactly so.
    await user.click(toggle);
    await user.clear(amounts);
    await user.type(amounts, "10, 2, 2, 50");
    await user.clear(thanks);
    await user.type(thanks, "<b>Merci!</b> Every Star helps. ");
    const preview = inCard.getByTestId("tips-preview");
    expect(within(preview).getAllByRole("button").map((b) => b.textContent)).toEqual(["10 ⭐", "2 ⭐", "2 ⭐", "50 ⭐", "Other amount"]);
    expect(within(inCard.getByTestId("tips-thanks-preview")).getByText("Merci!").tagName).toBe("B");
    await user.click(save);
    await waitFor(() => expect(sent()).toHaveLength(2));
    expect(sent()[1]).toEqual({ enabled: true, presets: [10, 2, 2, 50], thanks: "<b>Merci!</b> Every Star helps. ", lang: "en" });
    // What the core kept: sorted, the repeat dropped.
    await waitFor(() => expect(amounts.value).toBe("2, 10, 50"));
    expect(inCard.queryByTestId("tips-error")).not.toBeInTheDocument();
    expect(await screen.findByText("Tips are on: 2 ⭐, 10 ⭐, 50 ⭐ and Other amount")).toBeInTheDocument();
    expect(toggle).toHaveAttribute("aria-checked", "true");
    expect(save).toBeDisabled();
  });

  it("edits the thank-you of the language chosen and saves it in that language", async () => {
    let shared = { enabled: true, presets: [1, 3, 5, 10] };
    const thanks: Record<Lang, string> = { en: "Thank you for your support!", de: "Danke für Ihre Unterstützung!", ru: "Thank you for your support!" };
    const calls = mockCommands({
      ...settingsPage,
      tips_settings: (a) => ({ ...shared, thanks: thanks[a.lang as Lang], lang: a.lang as Lang }),
      tips_set: (a) => {
        const s = a.settings as TipSettings;
        shared = { enabled: s.enabled, presets: s.presets };
        thanks[s.lang] = s.thanks;
        return s;
      },
    });
    const asked = () => calls.filter((c) => c.cmd === "tips_settings").map((c) => c.args);
    const sent = () => calls.filter((c) => c.cmd === "tips_set").map((c) => c.args.settings);
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const amounts = (await screen.findByLabelText("Amounts offered, in Stars")) as HTMLInputElement;
    const card = amounts.closest("[data-test='tips-settings']") as HTMLElement;
    const inCard = within(card);
    const text = inCard.getByLabelText(/Thank-you text/) as HTMLTextAreaElement;
    const langs = inCard.getByTestId("tip-thanks-lang");
    const langButton = (l: Lang) => langs.querySelector(`[data-lang='${l}']`) as HTMLElement;
    expect([...langs.querySelectorAll("button")].map((b) => b.textContent)).toEqual(["English", "Deutsch", "Русский"]);
    expect(langButton("en")).toHaveAttribute("aria-pressed", "true");
    expect(asked()).toContainEqual({ lang: "en" });
    expect(text.value).toBe("Thank you for your support!");

    // Leaving English with changes asks first; keeping them stays in English.
    await user.type(text, " Really.");
    await user.click(langButton("de"));
    const dialog = await screen.findByRole("dialog", { name: "Discard changes?" });
    expect(dialog).toHaveTextContent("Your changes to the thank-you text are not saved yet.");
    await user.click(within(dialog).getByRole("button", { name: "Keep editing" }));
    expect(text.value).toBe("Thank you for your support! Really.");
    expect(langButton("en")).toHaveAttribute("aria-pressed", "true");

    // Discarding them: the German thank-you, and the chat of a German customer.
    await user.click(langButton("de"));
    await user.click(within(await screen.findByRole("dialog", { name: "Discard changes?" })).getByRole("button", { name: "Discard changes" }));
    await waitFor(() => expect(text.value).toBe("Danke für Ihre Unterstützung!"));
    expect(asked()).toContainEqual({ lang: "de" });
    expect(langButton("de")).toHaveAttribute("aria-pressed", "true");
    const preview = inCard.getByTestId("tips-preview");
    expect(inCard.getByTestId("tips-thanks-preview")).toHaveTextContent("Danke für Ihre Unterstützung!");
    expect(within(preview).getByRole("button", { name: "Anderer Betrag" })).toBeInTheDocument();
    expect(inCard.queryByTestId("tip-thanks-from-english")).toBeNull();

    await user.clear(text);
    await user.type(text, "Vielen Dank!");
    await user.click(inCard.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(sent()).toEqual([{ enabled: true, presets: [1, 3, 5, 10], thanks: "Vielen Dank!", lang: "de" }]));
    expect(thanks.en).toBe("Thank you for your support!");

    // Russian has none of its own: a Russian customer reads the English text, and the card says so.
    await user.click(langButton("ru"));
    await waitFor(() => expect(text.value).toBe("Thank you for your support!"));
    expect(await inCard.findByTestId("tip-thanks-from-english")).toHaveTextContent(
      "Customers who speak Russian read your English text until you write one in Russian.",
    );
  });

  it("names the tips' changes in the trail", () => {
    expect(actionWords("settings.tips")).toBe("Tips");
    expect(actionWords("settings.tips_thanks")).toBe("Tip thank-you text");
    expect(actionWords("product.also_bought")).toBe("Customers also bought");
  });
});

function detail(id: number, over: Partial<OrderDetail["order"]> = {}): OrderDetail {
  const { tip: _tip, customer_name: _n, customer_username: _u, ...order } = orderRow(id);
  return {
    order: { ...order, refund_reason: null, delivered_at: 1_760_000_100, refunded_at: null, ...over },
    customer: null,
    provider_charge_id: null,
    deliveries: [
      { id: 1, kind: "goods", state: "sent", attempts: 1, last_error: null, created_at: 1_760_000_000, sent_at: 1_760_000_002, asked_actor: null, asked_by: null },
    ],
    attention: [],
    queued: [],
    codes: [],
  };
}

const tipRow = (id: number) => orderRow(id, { tip: true, product_id: null, product_title: "Tip", stars: 5 });

describe("Orders · tips", () => {
  it("shows a tip as a tip, and its drawer offers the thank-you again, not the goods", async () => {
    const calls = mockCommands({
      orders_count: () => 2,
      orders_page: () => [tipRow(2), orderRow(1)],
      catalog_list: () => [],
      order_detail: (a) => (a.id === 2 ? detail(2, { product_id: null, product_title: "Tip", stars: 5 }) : detail(1)),
      affiliates_of_order: () => null,
      promos_of_order: () => ({ promo: null, credit_stars: 0 }),
      catalog_order_code: () => null,
      order_deliver_again: () => null,
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#2");
    const grid = screen.getByRole("grid", { name: "Orders" });
    const row = (id: string) => grid.querySelector(`[data-row-id="${id}"]`) as HTMLElement;
    expect(within(row("2")).getByTestId("tip-badge")).toHaveTextContent("Tip");
    expect(within(row("1")).queryByTestId("tip-badge")).toBeNull();
    expect(within(row("1")).getByText("Pro tips guide")).toBeInTheDocument();

    await user.click(within(row("2")).getByText("#2"));
    const drawer = await screen.findByRole("dialog", { name: "Order 2" });
    expect(await within(drawer).findByTestId("order-kind")).toHaveTextContent("Tip");
    expect(within(drawer).getByTestId("tip-badge")).toBeInTheDocument();
    expect(within(drawer).getByText(/Thank-you and receipt · sent/)).toBeInTheDocument();
    expect(within(drawer).queryByRole("button", { name: /^Deliver again/ })).toBeNull();
    // A tip can still be given back.
    expect(within(drawer).getByRole("button", { name: /Refund/ })).toBeInTheDocument();
    // Nothing product-like is asked about a tip: no code, no promo price.
    expect(calls.some((c) => c.cmd === "catalog_order_code" && c.args.order_id === 2)).toBe(false);
    expect(calls.some((c) => c.cmd === "promos_of_order" && c.args.order_id === 2)).toBe(false);
    await user.click(within(drawer).getByRole("button", { name: /Send the thank-you again/ }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "order_deliver_again").map((c) => c.args.id)).toEqual([2]));
    expect(await screen.findByText("Thank-you for tip #2 sent again")).toBeInTheDocument();
  });

  it("keeps a product's order as it was", async () => {
    mockCommands({
      orders_count: () => 1,
      orders_page: () => [orderRow(1)],
      catalog_list: () => [],
      order_detail: () => detail(1),
      affiliates_of_order: () => null,
      promos_of_order: () => ({ promo: null, credit_stars: 0 }),
      catalog_order_code: () => null,
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await user.click(await screen.findByText("#1"));
    const drawer = await screen.findByRole("dialog", { name: "Order 1" });
    expect(await within(drawer).findByRole("button", { name: /Deliver again/ })).toBeInTheDocument();
    expect(within(drawer).queryByTestId("order-kind")).toBeNull();
    expect(within(drawer).queryByTestId("tip-badge")).toBeNull();
    expect(within(drawer).getByText(/Goods and receipt · sent/)).toBeInTheDocument();
  });

  it("knows a tip opened from elsewhere by its details", async () => {
    mockCommands({
      orders_count: () => 0,
      orders_page: () => [],
      catalog_list: () => [],
      order_detail: () => detail(7, { product_id: null, product_title: "Tip" }),
      affiliates_of_order: () => null,
    });
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });
    const drawer = await screen.findByRole("dialog", { name: "Order 7" });
    expect(await within(drawer).findByTestId("order-kind")).toHaveTextContent("Tip");
    expect(within(drawer).getByRole("button", { name: /Send the thank-you again/ })).toBeInTheDocument();
  });
});

function totals(over: Partial<RevenueTotals> = {}): RevenueTotals {
  return {
    orders: 0,
    gross: 0,
    refunds: 0,
    refunded: 0,
    net: 0,
    telegram_commission_millistars: 0,
    referral_millistars: 0,
    net_after_millistars: 0,
    average_order_millistars: 0,
    refund_rate_permille: 0,
    ...over,
  };
}

function revenue(from: string, to: string, group: Grouping): RevenueReport {
  return {
    zone: "UTC",
    from,
    to,
    group,
    totals: totals({ orders: 14, gross: 1230, net: 1230 }),
    previous_from: "2026-02-13",
    previous_to: "2026-03-14",
    previous: totals(),
    net_change_permille: null,
    buckets: [{ start: from, end: to, totals: totals({ orders: 14, gross: 1230, net: 1230 }) }],
    items: [
      { kind: "product", id: 1, title: "Pro tips guide", totals: totals({ orders: 12, gross: 1200, net: 1200 }) },
      { kind: "tip", id: 0, title: "Tips", totals: totals({ orders: 2, gross: 30, net: 30 }) },
    ],
    top_customers: [],
  };
}

describe("Reports · tips", () => {
  it("lists tips as their own kind, in their own colour", async () => {
    mockCommands({
      reports_overview: () => ({ today_orders: 0, today_stars: 0, today_refunds: 0, customers: 0, products_on_sale: 0, attention: 0, today: "2026-03-15", zone: "UTC" }),
      report_revenue: (a) => revenue(a.from as string, a.to as string, a.group as Grouping),
    });
    renderPage(<ReportsPage />, { current: { page: "reports" } });
    const items = await screen.findByTestId("revenue-items");
    const table = within(items).getByTestId("items-table");
    const tipRow = within(table).getByText("Tips", { selector: "th" }).closest("tr") as HTMLElement;
    expect(tipRow.querySelector("[data-kind='tip']")).toHaveTextContent("Tips");
    const productRow = within(table).getByText("Pro tips guide", { selector: "th" }).closest("tr") as HTMLElement;
    expect(productRow.querySelector("[data-kind='product']")).toHaveTextContent("Product");
    expect(within(items).getByTestId("item-kinds")).toHaveTextContent("Tips");
    // The items' chart: one bar each, the tip's not in the products' colour.
    const chart = drawn.filter((d) => d.labels?.join() === "Pro tips guide,Tips").at(-1)!;
    const colours = chart.datasets[0].backgroundColor as string[];
    expect(colours).toHaveLength(2);
    expect(colours[1]).not.toBe(colours[0]);
  });
});

describe("Catalog · customers also bought", () => {
  const products = [
    product({ id: 1, title: "Pro tips guide" }),
    product({ id: 2, title: "Wallpaper pack", price: 10 }),
    product({ id: 3, title: "Sticker set", price: 5 }),
    product({ id: 4, title: "Old course", active: false }),
  ];

  it("shows the suggestion held, lists the other products, and saves the id chosen or null for none", async () => {
    let held: number | null = 2;
    const calls = mockCommands({
      catalog_list: () => products,
      bot_status: () => demoStatus,
      catalog_update: (a) => ({ ...products[0], ...(a.draft as object) }),
      catalog_also_bought: () => held,
      catalog_set_also_bought: (a) => {
        held = a.also_bought_id as number | null;
        return held;
      },
    });
    const sent = () => calls.filter((c) => c.cmd === "catalog_set_also_bought").map((c) => c.args);
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: "Edit Pro tips guide" }));
    const select = (await screen.findByLabelText("Customers also bought")) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe("2"));
    expect(calls.find((c) => c.cmd === "catalog_also_bought")?.args).toEqual({ id: 1 });
    // The others on sale and none; never the product itself, nor an archived one.
    expect([...select.options].map((o) => o.value)).toEqual(["", "2", "3"]);

    // Left as it was: saving the product does not touch it.
    await user.type(screen.getByLabelText(/^title/i), "!");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(sent()).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Edit Pro tips guide" }));
    await waitFor(() => expect((screen.getByLabelText("Customers also bought") as HTMLSelectElement).value).toBe("2"));
    await user.selectOptions(screen.getByLabelText("Customers also bought"), "3");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(sent()).toEqual([{ id: 1, also_bought_id: 3 }]));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: "Edit Pro tips guide" }));
    await waitFor(() => expect((screen.getByLabelText("Customers also bought") as HTMLSelectElement).value).toBe("3"));
    await user.selectOptions(screen.getByLabelText("Customers also bought"), "");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(sent()).toEqual([{ id: 1, also_bought_id: 3 }, { id: 1, also_bought_id: null }]));
  });

  it("shows the core's refusal under the select and keeps the editor open", async () => {
    const calls = mockCommands({
      catalog_list: () => products,
      bot_status: () => demoStatus,
      catalog_update: (a) => ({ ...products[0], ...(a.draft as object) }),
      catalog_also_bought: () => null,
      catalog_set_also_bought: () => Promise.reject({ code: "invalid", message: "The suggested product does not exist." }),
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: "Edit Pro tips guide" }));
    const select = (await screen.findByLabelText("Customers also bought")) as HTMLSelectElement;
    await waitFor(() => expect(select).toBeEnabled());
    expect(select.value).toBe("");
    await user.selectOptions(select, "2");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText(/The suggested product does not exist\./)).toBeInTheDocument();
    expect(screen.getByRole("dialog", { name: /Edit Pro tips guide/ })).toBeInTheDocument();
    expect(select).toHaveAttribute("aria-invalid", "true");
    expect(calls.filter((c) => c.cmd === "catalog_set_also_bought").map((c) => c.args)).toEqual([{ id: 1, also_bought_id: 2 }]);
  });
});
