import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OrderDetail } from "../bindings/OrderDetail";
import type { Promo } from "../bindings/Promo";
import type { PromoDraft } from "../bindings/PromoDraft";
import { codeProblem, discountWords, draftOf, emptyTerms, localDateTime, termsProblems, validityWords } from "../lib/promoRules";
import { OrdersPage } from "../pages/Orders";
import { PromosPage } from "../pages/Promos";
import { type Handler, demoStatus, mockCommands, orderRow, product, renderPage } from "./render";
import { plan } from "./subscriptionData";
import { promo, promoUse } from "./referralData";

function mockPromos(extra: Record<string, Handler>) {
  return mockCommands({
    bot_status: () => demoStatus,
    promos_list: () => [
      promo(),
      promo({ id: 5, code: "BOOKS25", percent_off: null, stars_off: 25, all_items: false, product_ids: [1], plan_ids: [3], max_uses: null, per_customer: null, first_purchase_only: false, uses: 0, revenue: 0, discount_given: 0 }),
    ],
    catalog_list: () => [product()],
    plans_list: () => [plan()],
    promo_uses: () => [promoUse(), promoUse({ order_id: 82, customer_name: "Hugo", refunded: true })],
    promo_link: (a) => `https://t.me/stardesk_demo_bot?start=promo_${a.id === 4 ? "WELCOME10" : "BOOKS25"}`,
    ...extra,
  });
}

const byTest = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-test="${name}"]`);

describe("Promo code rules", () => {
  it("checks a code and its terms in the core's words", () => {
    expect(codeProblem("AB")).toBe("A code is 3 to 32 characters long.");
    expect(codeProblem("WELCOME 10")).toBe("A code is made of Latin letters, digits, _ and - only (it goes into a t.me link).");
    expect(codeProblem(" WELCOME_10 ")).toBeNull();
    const t = { ...emptyTerms(), amount: "10" };
    expect(termsProblems(t)).toEqual({});
    expect(termsProblems({ ...t, amount: "" }).amount).toBe("Choose either a percentage off or a number of Stars off.");
    expect(termsProblems({ ...t, amount: "100" }).amount).toBe("A percentage off is 1 to 99 %.");
    expect(termsProblems({ ...t, kind: "stars", amount: "10001" }).amount).toBe("Stars off is a whole number from 1 to 10,000.");
    expect(termsProblems({ ...t, from: "2026-12-02T00:00", until: "2026-12-01T00:00" }).until).toBe('"Valid until" must be after "valid from".');
    expect(termsProblems({ ...t, maxUses: "0" }).maxUses).toBe("The total number of uses is at least 1, or empty for no limit.");
    expect(termsProblems({ ...t, perCustomer: "0" }).perCustomer).toBe("Uses per customer is at least 1, or empty for no limit.");
    // A bulk batch's codes are one use each: its limits are not asked.
    expect(termsProblems({ ...t, perCustomer: "0" }, false)).toEqual({});
    expect(termsProblems({ ...t, everything: false }).items).toBe("Choose at least one product or plan, or let the code apply to everything.");
  });

  it("stores local date-times as UTC unix seconds and words the terms", () => {
    const from = localDateTime("2026-12-01T09:30");
    expect(from).toBe(Math.floor(new Date(2026, 11, 1, 9, 30).getTime() / 1000));
    expect(localDateTime("")).toBeNull();
    const draft = draftOf(" AUTUMN25 ", { ...emptyTerms(), kind: "stars", amount: "25", from: "2026-12-01T09:30", maxUses: "", perCustomer: "2" });
    expect(draft).toEqual({
      code: "AUTUMN25",
      percent_off: null,
      stars_off: 25,
      product_ids: [],
      plan_ids: [],
      valid_from: from,
      valid_until: null,
      max_uses: null,
      per_customer: 2,
      first_purchase_only: false,
    });
    expect(discountWords(promo())).toBe("10% off");
    expect(discountWords(promo({ percent_off: null, stars_off: 25 }))).toBe("25 ⭐ off");
    expect(validityWords(promo())).toBe("Always");
  });
});

describe("Promo codes", () => {
  it("lists every code with its discount, what it applies to, its uses and what it did", async () => {
    mockPromos({});
    renderPage(<PromosPage />, { current: { page: "promos" } });
    const welcome = await screen.findByText("WELCOME10").then((el) => el.closest<HTMLElement>("[role='row']")!);
    const cells = within(welcome).getAllByRole("gridcell").map((c) => c.textContent);
    expect(cells.slice(0, 7)).toEqual(["WELCOME10", "10% off", "Everything", "Always", "3 / 100", "270", "30"]);
    const books = screen.getByText("BOOKS25").closest<HTMLElement>("[role='row']")!;
    await waitFor(() => expect(within(books).getAllByRole("gridcell")[2]).toHaveTextContent("Pro tips guide, Insiders monthly"));
    expect(within(books).getAllByRole("gridcell")[1]).toHaveTextContent("25 ⭐ off");
    expect(within(books).getAllByRole("gridcell")[4]).toHaveTextContent("0 / no limit");
    expect(byTest(document, "promos-count")).toHaveTextContent("2 codes · 3 uses in all");
  });

  it("refuses a code the core would refuse, then creates it", async () => {
    let attempts = 0;
    const calls = mockPromos({
      promo_create: (a) => {
        attempts += 1;
        if (attempts === 1) return Promise.reject({ code: "invalid", message: "The code AUTUMN25 exists already (codes are the same whatever their case)." });
        const d = a.draft as PromoDraft;
        return { ...promo(), ...d, id: 6, all_items: false, uses: 0, revenue: 0, discount_given: 0 } satisfies Promo;
      },
    });
    const user = userEvent.setup();
    renderPage(<PromosPage />, { current: { page: "promos" } });
    await screen.findByText("WELCOME10");
    await user.click(byTest(document, "promo-new")!);
    const dialog = await screen.findByRole("dialog", { name: "New promo code" });

    await user.type(byTest(dialog, "promo-code")!, "AUTUMN 25");
    expect(within(dialog).getByText("A code is made of Latin letters, digits, _ and - only (it goes into a t.me link).")).toBeInTheDocument();
    await user.type(byTest(dialog, "promo-amount")!, "100");
    expect(within(dialog).getByText("A percentage off is 1 to 99 %.")).toBeInTheDocument();
    await user.click(byTest(dialog, "promo-save")!);
    expect(calls.some((c) => c.cmd === "promo_create")).toBe(false);

    const code = byTest(dialog, "promo-code")!;
    await user.clear(code);
    await user.type(code, "AUTUMN25");
    await user.clear(byTest(dialog, "promo-amount")!);
    await user.type(byTest(dialog, "promo-amount")!, "25");
    // Chosen items, none chosen: refused here rather than taken for everything.
    await user.click(within(dialog).getByRole("button", { name: "Chosen products and plans" }));
    expect(within(dialog).getByText("Choose at least one product or plan, or let the code apply to everything.")).toBeInTheDocument();
    await user.click(dialog.querySelector<HTMLElement>("[data-test='promo-product'][data-id='1']")!);
    await user.click(dialog.querySelector<HTMLElement>("[data-test='promo-plan'][data-id='3']")!);
    await user.type(byTest(dialog, "promo-until")!, "2026-12-31T23:59");
    await user.type(byTest(dialog, "promo-max-uses")!, "50");
    await user.click(byTest(dialog, "promo-first-purchase")!);
    await user.click(byTest(dialog, "promo-save")!);
    expect(await within(dialog).findByText("The code AUTUMN25 exists already (codes are the same whatever their case).")).toBeInTheDocument();

    await user.click(byTest(dialog, "promo-save")!);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "promo_create")).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === "promo_create")[1].args).toEqual({
      draft: {
        code: "AUTUMN25",
        percent_off: 25,
        stars_off: null,
        product_ids: [1],
        plan_ids: [3],
        valid_from: null,
        valid_until: Math.floor(new Date(2026, 11, 31, 23, 59).getTime() / 1000),
        max_uses: 50,
        per_customer: 1,
        first_purchase_only: true,
      },
    });
    expect(await screen.findByText("AUTUMN25 created")).toBeInTheDocument();
    expect(screen.queryByRole("dialog", { name: "New promo code" })).not.toBeInTheDocument();
  });

  it("generates a batch of one-time codes and offers its CSV", async () => {
    const calls = mockPromos({
      promos_generate: () => ({ batch: "SPRING1764000000", codes: Array.from({ length: 20 }, (_, i) => `SPRING${String(i).padStart(8, "A")}`) }),
      promos_export: () => ({ path: "/home/merchant/Downloads/stardesk-promos-SPRING1764000000-2026-11-21.csv", rows: 20 }),
    });
    const user = userEvent.setup();
    renderPage(<PromosPage />, { current: { page: "promos" } });
    await screen.findByText("WELCOME10");
    await user.click(byTest(document, "promo-generate")!);
    const dialog = await screen.findByRole("dialog", { name: "Generate codes in bulk" });
    await user.type(byTest(dialog, "promo-prefix")!, "SPRING SALE");
    expect(within(dialog).getByText("A code is made of Latin letters, digits, _ and - only (it goes into a t.me link).")).toBeInTheDocument();
    await user.clear(byTest(dialog, "promo-prefix")!);
    await user.type(byTest(dialog, "promo-prefix")!, "spring");
    await user.clear(byTest(dialog, "promo-count")!);
    await user.type(byTest(dialog, "promo-count")!, "20");
    await user.click(within(dialog).getByRole("button", { name: "Stars off" }));
    await user.type(byTest(dialog, "promo-amount")!, "15");
    // One use each, for one customer: no limits to fill in.
    expect(byTest(dialog, "promo-max-uses")).toBeNull();
    await user.click(byTest(dialog, "promo-generate-run")!);

    const done = await screen.findByRole("dialog", { name: "Codes generated" });
    expect(calls.find((c) => c.cmd === "promos_generate")?.args).toMatchObject({ prefix: "spring", count: 20, draft: { stars_off: 15, percent_off: null } });
    expect(byTest(done, "promo-batch")).toHaveTextContent("20 codes in batch SPRING1764000000");
    expect(byTest(done, "promo-batch")).toHaveTextContent("and 8 more in the CSV");
    await user.click(byTest(done, "promo-batch-export")!);
    expect(await screen.findByText("Exported 20 codes")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "promos_export")?.args).toEqual({ batch: "SPRING1764000000" });
  });

  it("opens a code with its link and uses, deactivates it and exports its uses", async () => {
    let active = true;
    const calls = mockPromos({
      promos_list: () => [promo({ active })],
      promo_set_active: (a) => {
        active = a.active as boolean;
        return promo({ active });
      },
      promo_uses_export: () => ({ path: "/home/merchant/Downloads/stardesk-promo-uses-WELCOME10-2026-11-21.csv", rows: 2 }),
    });
    const user = userEvent.setup();
    renderPage(<PromosPage />, { current: { page: "promos" } });
    await user.click(await screen.findByText("WELCOME10"));
    const drawer = await screen.findByRole("dialog", { name: "Promo code WELCOME10" });
    expect(await within(drawer).findByText("https://t.me/stardesk_demo_bot?start=promo_WELCOME10")).toBeInTheDocument();
    const uses = await within(drawer).findAllByRole("row");
    expect(uses.map((u) => u.textContent)).toEqual([
      "OrderCustomer · itemPriceDiscountPaid",
      "#81Ivy · Pro tips guide100−1090",
      "#82Hugo · Pro tips guide Refunded100−1090",
    ]);
    await user.click(byTest(drawer, "promo-uses-export")!);
    expect(await screen.findByText("Exported 2 uses")).toBeInTheDocument();

    await user.click(byTest(drawer, "promo-toggle")!);
    expect(await screen.findByText("WELCOME10 deactivated")).toBeInTheDocument();
    await waitFor(() => expect(byTest(drawer, "promo-toggle")).toHaveTextContent("Activate"));
    expect(calls.find((c) => c.cmd === "promo_set_active")?.args).toEqual({ id: 4, active: false });
    expect(within(drawer).getByText("Inactive")).toBeInTheDocument();
  });

  it("explains promo codes while there are none", async () => {
    mockPromos({ promos_list: () => [] });
    renderPage(<PromosPage />, { current: { page: "promos" } });
    expect(await screen.findByText("No promo codes yet")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Create a code/ })).toBeInTheDocument();
  });
});

describe("An order's promo code and store credit", () => {
  function detail(id: number): OrderDetail {
    return {
      order: { ...orderRow(id, { stars: 70 }), refund_reason: null, delivered_at: 1_760_000_500, refunded_at: null },
      customer: null,
      provider_charge_id: null,
      deliveries: [],
      attention: [],
      queued: [],
      codes: [],
    };
  }

  it("shows the list price, the price with the code and the credit used", async () => {
    mockCommands({
      orders_count: () => 1,
      orders_page: () => [orderRow(7)],
      catalog_list: () => [],
      refunds_unfinished: () => [],
      order_detail: (a) => detail(Number(a.id)),
      affiliates_of_order: () => null,
      promos_of_order: () => ({ promo: { code: "WELCOME10", list_price: 100, discount: 10 }, credit_stars: 20 }),
    });
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });
    const drawer = await screen.findByRole("dialog", { name: "Order 7" });
    await waitFor(() => expect(byTest(drawer, "order-promo")).toHaveTextContent("Promo WELCOME10: 100 ⭐ → 90 ⭐"));
    // The star is drawn (not every system has an emoji font); the text keeps the character.
    expect(byTest(drawer, "order-promo")!.querySelectorAll("svg.inline-star")).toHaveLength(2);
    expect(byTest(drawer, "order-credit")).toHaveTextContent("20 ⭐ used · Telegram charged the rest");
  });

  it("shows nothing for an order at its list price", async () => {
    const calls = mockCommands({
      orders_count: () => 1,
      orders_page: () => [orderRow(7)],
      catalog_list: () => [],
      refunds_unfinished: () => [],
      order_detail: (a) => detail(Number(a.id)),
      affiliates_of_order: () => null,
      promos_of_order: () => ({ promo: null, credit_stars: 0 }),
    });
    renderPage(<OrdersPage />, { current: { page: "orders", orderId: 7 } });
    const drawer = await screen.findByRole("dialog", { name: "Order 7" });
    await within(drawer).findByText("Charge id");
    // Let the pricing query answer before looking for its lines.
    await waitFor(() => expect(calls.some((c) => c.cmd === "promos_of_order")).toBe(true));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(byTest(drawer, "order-promo")).toBeNull();
    expect(byTest(drawer, "order-credit")).toBeNull();
  });
});
