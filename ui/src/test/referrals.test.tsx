import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RateOverride } from "../bindings/RateOverride";
import type { ReferralSettings } from "../bindings/ReferralSettings";
import { exactStars, parseTerms, payoutAmountProblem, payoutNoteProblem, wholeStars } from "../lib/referralRules";
import { ReferralsPage } from "../pages/Referrals";
import { type Handler, demoStatus, mockCommands, product, renderPage } from "./render";
import { plan } from "./subscriptionData";
import { NOW, payout, referrer, referrerDetail } from "./referralData";

const terms: ReferralSettings = { percent: 10, months: 12, hold_days: 21 };
const stepUpOff = { enrolled: false, threshold: 0, locked_until: null, failures_left: 5 };

function mockReferrals(extra: Record<string, Handler>) {
  return mockCommands({
    bot_status: () => demoStatus,
    referrers_list: () => [referrer(), referrer({ customer_id: 5002, name: "Bram", username: null, invited: 1, buyers: 1, revenue: 80, earned: 8_000, pending: 0, available: -1_500, paid: 10, credit: 6 })],
    referrer_detail: () => referrerDetail(),
    referral_link: () => "https://t.me/stardesk_demo_bot?start=r_k7m2q9xa",
    payouts_due: () => [referrer()],
    payouts_list: () => [payout()],
    referral_settings: () => terms,
    referral_overrides: () => [],
    catalog_list: () => [product()],
    plans_list: () => [plan()],
    stepup_status: () => stepUpOff,
    affiliates_report: () => ({
      from: NOW - 30 * 86_400,
      to: NOW,
      affiliates: [{ kind: "chat", affiliate_id: -1001, name: "Deals Daily", orders: 4, gross: 400, commission: 40, commission_nanostars: 500_000_000 }],
      orders: 10,
      gross: 1000,
      affiliate_orders: 4,
      commission: 40,
      commission_nanostars: 500_000_000,
      net: 959,
      net_nanostars: 500_000_000,
    }),
    ...extra,
  });
}

const byTest = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-test="${name}"]`);

describe("Referral rules", () => {
  it("shows thousandths of a Star as whole Stars rounded down, exactly on hover", () => {
    expect(wholeStars(36_500)).toBe(36);
    expect(wholeStars(999)).toBe(0);
    // A balance below zero stays below zero.
    expect(wholeStars(-1_500)).toBe(-2);
    expect(exactStars(12_345)).toBe("12.345 ⭐");
    expect(exactStars(20_500)).toBe("20.5 ⭐");
    expect(exactStars(20_000)).toBe("20 ⭐");
    expect(exactStars(-1_500)).toBe("-1.5 ⭐");
    expect(exactStars(125)).toBe("0.125 ⭐");
  });

  it("checks the terms and a payout in the core's words", () => {
    expect(parseTerms({ percent: "10", months: "12", hold: "0" })).toEqual({ percent: 10, months: 12, hold_days: 0 });
    expect(parseTerms({ percent: "51", months: "12", hold: "21" })).toBeNull();
    expect(parseTerms({ percent: "10", months: "0", hold: "21" })).toBeNull();
    expect(parseTerms({ percent: "10", months: "12", hold: "91" })).toBeNull();
    expect(payoutAmountProblem("0", 36, "Gwen")).toBe("A payout is at least 1 Star.");
    expect(payoutAmountProblem("40", 36, "Gwen")).toBe("Gwen has 36 Stars available to pay out; 40 Stars is more than that.");
    expect(payoutAmountProblem("36", 36, "Gwen")).toBeNull();
    expect(payoutNoteProblem(" ", true)).toBe("Say how it was paid (a gift, a transfer…): the note is kept with the payout.");
    expect(payoutNoteProblem("", false)).toBeNull();
  });
});

describe("Referrals · referrers", () => {
  it("lists referrers with whole Stars and the exact amounts on hover, searches and sorts them", async () => {
    mockReferrals({});
    const user = userEvent.setup();
    renderPage(<ReferralsPage />, { current: { page: "referrals" } });
    const gwen = await screen.findByText("Gwen").then((el) => el.closest<HTMLElement>("[role='row']")!);
    const cells = within(gwen).getAllByRole("gridcell");
    expect(cells.map((c) => c.textContent)).toEqual(["GGwen @gwen_reads", "3", "2", "420", "42", "5", "36", "0", "0"]);
    // Commissions are thousandths of a Star: the exact amount is in the tooltip.
    expect(cells[5].querySelector("[title]")).toHaveAttribute("title", "5.5 ⭐");
    expect(cells[6].querySelector("[title]")).toHaveAttribute("title", "36.5 ⭐");
    // A refund of a commission already paid leaves Bram below zero.
    const bram = screen.getByText("Bram").closest<HTMLElement>("[role='row']")!;
    const available = within(bram).getAllByRole("gridcell")[6];
    expect(available).toHaveTextContent("-2");
    expect(available.querySelector("[title]")).toHaveAttribute("title", "-1.5 ⭐");
    expect(byTest(document, "referral-figures")).toHaveTextContent("Due to pay out36");

    // Most earned first; a click on the header sorts by name.
    const names = () => [...document.querySelectorAll("[role='row'][data-row-id]")].map((r) => r.getAttribute("data-row-id"));
    expect(names()).toEqual(["5001", "5002"]);
    await user.click(screen.getByRole("columnheader", { name: /Referrer/ }));
    await waitFor(() => expect(names()).toEqual(["5002", "5001"]));

    await user.type(byTest(document, "referrer-search")!, "gwen");
    await waitFor(() => expect(names()).toEqual(["5001"]));
    expect(byTest(document, "referrer-count")).toHaveTextContent("1 referrer");
  });

  it("opens a referrer's link, the people they brought and their ledger", async () => {
    const calls = mockReferrals({});
    const user = userEvent.setup();
    const went: unknown[] = [];
    renderPage(<ReferralsPage />, { current: { page: "referrals" }, go: (t) => went.push(t) });
    await user.click(await screen.findByText("Gwen"));
    const drawer = await screen.findByRole("dialog", { name: "Referrer Gwen" });
    expect(await within(drawer).findByText("https://t.me/stardesk_demo_bot?start=r_k7m2q9xa")).toBeInTheDocument();
    expect(within(drawer).getByRole("button", { name: "Copy link" })).toBeInTheDocument();
    expect(byTest(drawer, "referrer-invited")).toHaveTextContent("Ivy");
    expect(byTest(drawer, "referrer-invited")).toHaveTextContent("Hugo");

    const lines = [...drawer.querySelectorAll<HTMLElement>("[data-test='ledger-line']")];
    expect(lines.map((l) => l.dataset.kind)).toEqual(["payout_outside", "earned", "reversed", "earned"]);
    expect(lines[0]).toHaveTextContent("Paid outside Stardesk-10 ⭐");
    expect(lines[0]).toHaveTextContent("by Dana");
    expect(lines[0]).toHaveTextContent("Sent a gift in Telegram");
    expect(lines[1]).toHaveTextContent("Commission 10% of 55+5.5 ⭐");
    expect(lines[1]).toHaveTextContent("Order #77");
    expect(lines[1]).toHaveTextContent("Hugo · Field notes");
    expect(lines[1]).toHaveTextContent("On hold until");
    expect(lines[2]).toHaveTextContent("Reversed: the order was refunded-6.5 ⭐");
    expect(lines[3]).toHaveTextContent("Commission 12% of 300+36 ⭐");
    expect(lines[3]).toHaveTextContent("Available");

    await user.click(within(lines[1]).getByRole("button", { name: "Order #77" }));
    expect(went).toContainEqual({ page: "orders", search: "#77", orderId: 77 });
    expect(calls.find((c) => c.cmd === "referral_link")?.args).toEqual({ customer_id: 5001 });
  });

  it("explains how referrals work while nobody has brought anyone", async () => {
    mockReferrals({ referrers_list: () => [], referral_settings: () => ({ percent: 15, months: 6, hold_days: 14 }) });
    renderPage(<ReferralsPage />, { current: { page: "referrals" } });
    expect(await screen.findByText("No referrers yet")).toBeInTheDocument();
    await waitFor(() =>
      expect(byTest(document, "referrals-how")).toHaveTextContent("Each payment of the people they bring earns them 15% for 6 months."),
    );
    expect(byTest(document, "referrals-how")).toHaveTextContent("/referrals");
    expect(byTest(document, "referrals-how")).toHaveTextContent("waits 14 days");
  });

  it("exports the referrers to the Downloads folder and says where", async () => {
    const calls = mockReferrals({ referrers_export: () => ({ path: "/home/merchant/Downloads/stardesk-referrers-2026-11-21.csv", rows: 2 }) });
    const user = userEvent.setup();
    renderPage(<ReferralsPage />, { current: { page: "referrals" } });
    await screen.findByText("Gwen");
    await user.click(byTest(document, "referrers-export")!);
    expect(await screen.findByText("Exported 2 referrers")).toBeInTheDocument();
    expect(screen.getByText("/home/merchant/Downloads/stardesk-referrers-2026-11-21.csv")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "referrers_export")).toHaveLength(1);
  });
});

describe("Referrals · payouts", () => {
  it("pays out outside Stardesk with a note, at most what is due", async () => {
    const calls = mockReferrals({
      referral_pay_out: (a) => payout({ id: 10, stars: (a.draft as { stars: number }).stars, method: "outside", note: "Bank transfer" }),
    });
    const user = userEvent.setup();
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "payouts" } });
    const row = await screen.findByText("Gwen", { selector: "[data-test='payouts-due'] span" }).then((el) => el.closest<HTMLElement>("[data-test='payout-due-row']")!);
    expect(row).toHaveTextContent("36available");
    expect(byTest(document, "payout-history")).toHaveTextContent("Gwen · paid outside Stardesk");
    expect(byTest(document, "payout-history")).toHaveTextContent("by Dana · Sent a gift in Telegram");

    await user.click(within(row).getByRole("button", { name: "Pay out to Gwen" }));
    const dialog = await screen.findByRole("dialog", { name: "Pay out to Gwen" });
    // All that is due, by default.
    const stars = byTest(dialog, "payout-stars")!;
    expect(stars).toHaveValue("36");
    await user.clear(stars);
    await user.type(stars, "37");
    expect(within(dialog).getByText("Gwen has 36 Stars available to pay out; 37 Stars is more than that.")).toBeInTheDocument();
    await user.clear(stars);
    await user.type(stars, "30");

    await user.click(byTest(dialog, "payout-method-outside")!);
    await user.click(byTest(dialog, "confirm-payout")!);
    expect(within(dialog).getByText("Say how it was paid (a gift, a transfer…): the note is kept with the payout.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "referral_pay_out")).toBe(false);

    await user.type(byTest(dialog, "payout-note")!, "Bank transfer");
    await user.click(byTest(dialog, "confirm-payout")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "referral_pay_out")?.args).toEqual({
        draft: { referrer_id: 5001, stars: 30, method: "outside", note: "Bank transfer" },
        code: null,
      }),
    );
    expect(await screen.findByText("30 Stars paid to Gwen")).toBeInTheDocument();
    expect(screen.queryByRole("dialog", { name: "Pay out to Gwen" })).not.toBeInTheDocument();
  });

  it("pays out as store credit, asking for a step-up code above the threshold", async () => {
    const calls = mockReferrals({
      stepup_status: () => ({ enrolled: true, threshold: 20, locked_until: null, failures_left: 5 }),
      referral_pay_out: (a) =>
        a.code === "123456" ? payout({ stars: 36, method: "credit", note: "" }) : Promise.reject({ code: "step_up", message: "That code is not right (4 tries left)." }),
    });
    const user = userEvent.setup();
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "payouts" } });
    await user.click(await screen.findByRole("button", { name: "Pay out to Gwen" }));
    const dialog = await screen.findByRole("dialog", { name: "Pay out to Gwen" });
    // 36 Stars is above the threshold of 20: the code is asked before anything is sent.
    const code = await within(dialog).findByLabelText("Code from your authenticator app");
    expect(byTest(dialog, "confirm-payout")).toBeDisabled();
    await user.type(code, "654321");
    await user.click(byTest(dialog, "confirm-payout")!);
    expect(await within(dialog).findByText("That code is not right (4 tries left).")).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Code from your authenticator app"), "123456");
    await user.click(byTest(dialog, "confirm-payout")!);
    expect(await screen.findByText("36 Stars paid to Gwen")).toBeInTheDocument();
    expect(screen.getByText("As store credit: the bot takes it off their next purchases.")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "referral_pay_out").map((c) => c.args)).toEqual([
      { draft: { referrer_id: 5001, stars: 36, method: "credit", note: "" }, code: "654321" },
      { draft: { referrer_id: 5001, stars: 36, method: "credit", note: "" }, code: "123456" },
    ]);
  });

  it("says nothing is due, and how a commission becomes due", async () => {
    mockReferrals({ payouts_due: () => [], payouts_list: () => [], referrers_list: () => [] });
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "payouts" } });
    expect(await screen.findByText("Nothing is due")).toBeInTheDocument();
    expect(byTest(document, "referrals-how")).toHaveTextContent("A commission waits 21 days in case of a refund");
    expect(screen.getByText("No payout yet.")).toBeInTheDocument();
  });

  it("says what is still on hold when nothing is due yet", async () => {
    mockReferrals({ payouts_due: () => [] });
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "payouts" } });
    await waitFor(() => expect(byTest(document, "nothing-due")).toHaveTextContent("Nothing is due now. 5 of commission is on hold"));
    expect(byTest(document, "nothing-due")!.querySelector("[title]")).toHaveAttribute("title", "5.5 ⭐");
  });
});

describe("Referrals · settings", () => {
  it("checks the terms as the core does before saving them", async () => {
    const calls = mockReferrals({ referral_set_settings: (a) => a.settings });
    const user = userEvent.setup();
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "settings" } });
    const percent = await screen.findByDisplayValue("10");
    await user.clear(percent);
    await user.type(percent, "60");
    expect(screen.getByText("The commission must be a whole percent from 0 to 50.")).toBeInTheDocument();
    const months = byTest(document, "referral-months")!;
    await user.clear(months);
    await user.type(months, "0");
    expect(screen.getByText("Commissions are earned for 1 to 120 months after a referral.")).toBeInTheDocument();
    const hold = byTest(document, "referral-hold")!;
    await user.clear(hold);
    await user.type(hold, "91");
    expect(screen.getByText("The hold period is 0 to 90 days.")).toBeInTheDocument();
    await user.click(byTest(document, "referral-terms-save")!);
    expect(calls.some((c) => c.cmd === "referral_set_settings")).toBe(false);

    await user.clear(percent);
    await user.type(percent, "15");
    await user.clear(months);
    await user.type(months, "6");
    await user.clear(hold);
    await user.type(hold, "0");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    await user.click(byTest(document, "referral-terms-save")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "referral_set_settings")?.args).toEqual({ settings: { percent: 15, months: 6, hold_days: 0 } }),
    );
    expect(await screen.findByText("Referral terms saved")).toBeInTheDocument();
  });

  it("gives a product its own rate and takes it back", async () => {
    let overrides: RateOverride[] = [{ product_id: null, plan_id: 3, title: "Insiders monthly", percent: 5 }];
    const calls = mockReferrals({
      referral_overrides: () => overrides,
      referral_set_override: (a) => {
        const item = a.item as { kind: string; id: number };
        overrides = overrides.filter((o) => !(item.kind === "plan" && o.plan_id === item.id));
        if (a.percent !== null) overrides = [...overrides, { product_id: item.id, plan_id: null, title: "Pro tips guide", percent: a.percent as number }];
        return overrides;
      },
    });
    const user = userEvent.setup();
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "settings" } });
    const row = await screen.findByText("Insiders monthly", { selector: "[data-test='rate-override'] span" });
    expect(row.closest("[data-test='rate-override']")).toHaveTextContent("5%");

    await user.click(byTest(document, "rate-save")!);
    expect(screen.getByText("Choose a product or a plan.")).toBeInTheDocument();
    await user.selectOptions(byTest(document, "rate-item")!, "product:1");
    await user.type(byTest(document, "rate-percent")!, "51");
    expect(screen.getByText("The commission must be a whole percent from 0 to 50.")).toBeInTheDocument();
    await user.clear(byTest(document, "rate-percent")!);
    await user.type(byTest(document, "rate-percent")!, "20");
    await user.click(byTest(document, "rate-save")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "referral_set_override")?.args).toEqual({ item: { kind: "product", id: 1 }, percent: 20 }),
    );
    expect(await screen.findByText("Pro tips guide earns 20%")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Remove the rate of Insiders monthly" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "referral_set_override").at(-1)?.args).toEqual({ item: { kind: "plan", id: 3 }, percent: null }),
    );
    expect(await screen.findByText("Insiders monthly earns the shop's rate again")).toBeInTheDocument();
  });
});

describe("Referrals · Telegram affiliates", () => {
  it("shows Telegram's affiliates beside the shop's own referrers", async () => {
    mockReferrals({});
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "affiliates" } });
    const row = await screen.findByText("Deals Daily").then((el) => el.closest<HTMLElement>("[data-test='affiliate-row']")!);
    expect(row).toHaveTextContent("Channel · 4 orders · 400 brought");
    expect(row).toHaveTextContent("40cost");
    expect(byTest(document, "affiliate-figures")).toHaveTextContent("Net after commissions959");
    await waitFor(() => expect(byTest(document, "own-referrers")).toHaveTextContent("Gwen"));
    expect(byTest(document, "own-referrers")).toHaveTextContent("2 buyers · 420 brought");
  });
});
