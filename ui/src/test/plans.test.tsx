import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PlanDraft } from "../bindings/PlanDraft";
import { channelProblem, parseReminderDays, planLink } from "../lib/subscriptionRules";
import { SubscriptionsPage } from "../pages/Subscriptions";
import { type Handler, demoStatus, mockCommands, renderPage } from "./render";
import { channel, plan, queue } from "./subscriptionData";

function mockSubscriptions(extra: Record<string, Handler>) {
  return mockCommands({
    bot_status: () => demoStatus,
    plans_list: () => [plan()],
    channels_list: () => [channel(), channel({ id: -1009, title: "Readers club", username: null, plans: 0 })],
    expiry_queue: () => queue(),
    ...extra,
  });
}

const byTest = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-test="${name}"]`);

describe("Subscription rules", () => {
  it("builds the plan's deep link and reads reminder days as the core takes them", () => {
    expect(planLink("my_shop_bot", 7)).toBe("https://t.me/my_shop_bot?start=plan_7");
    expect(parseReminderDays("3, 1")).toEqual({ days: [3, 1] });
    expect(parseReminderDays("1 7,3 7")).toEqual({ days: [7, 3, 1] });
    expect(parseReminderDays("")).toEqual({ days: [] });
    expect(parseReminderDays("0, 3")).toEqual({ problem: "Reminders go out 1 to 29 days before the end; at most five of them." });
    expect(parseReminderDays("1,2,3,4,5,6")).toHaveProperty("problem");
    expect(parseReminderDays("3 days")).toEqual({ problem: "Write whole numbers of days separated by commas, such as 3, 1." });
  });

  it("says what keeps the bot from managing a channel in the core's words", () => {
    expect(channelProblem(channel())).toBeNull();
    expect(channelProblem(channel({ can_ban: false }))).toBe(
      "The bot may not ban users in Insiders: give it the right to ban users, or people who stop paying stay in.",
    );
    expect(channelProblem(channel({ bot_status: "left", can_invite: false, can_ban: false }))).toBe(
      "The bot is no longer an administrator of Insiders: add it back as an administrator.",
    );
  });
});

describe("Subscriptions · plans", () => {
  it("shows each plan with its deep link, and checks the price in the form before creating", async () => {
    const calls = mockSubscriptions({
      plan_create: (a) => ({ ...plan(), ...(a.draft as PlanDraft), id: 4, active_subscribers: 0 }),
    });
    const user = userEvent.setup();
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "plans" } });

    const row = await screen.findByText("Insiders monthly").then((el) => el.closest<HTMLElement>("[data-test='plan-row']")!);
    expect(row).toHaveTextContent("250 Stars / 30 days");
    expect(within(row).getByText("Insiders")).toBeInTheDocument();
    await waitFor(() => expect(byTest(row, "plan-link")).toHaveTextContent("https://t.me/stardesk_demo_bot?start=plan_3"));
    expect(within(byTest(row, "plan-link")!).getByRole("button", { name: "Copy link" })).toBeInTheDocument();

    await user.click(byTest(document, "plan-new")!);
    const dialog = await screen.findByRole("dialog", { name: "New plan" });
    await user.type(byTest(dialog, "plan-title")!, "Readers club");
    await user.type(byTest(dialog, "plan-description")!, "A book a month.");
    const price = byTest(dialog, "plan-price")!;
    await user.type(price, "10001");
    expect(within(dialog).getByText("The price must be a whole number of Stars from 1 to 10,000.")).toBeInTheDocument();
    expect(price).toHaveAttribute("aria-invalid", "true");
    await user.click(byTest(dialog, "plan-save")!);
    expect(calls.some((c) => c.cmd === "plan_create")).toBe(false);

    await user.clear(price);
    await user.type(price, "0");
    expect(within(dialog).getByText("The price must be a whole number of Stars from 1 to 10,000.")).toBeInTheDocument();
    await user.clear(price);
    await user.type(price, "30");
    expect(within(dialog).queryByText(/whole number of Stars/)).not.toBeInTheDocument();

    await user.click(dialog.querySelector<HTMLElement>("[data-test='plan-channel'][data-id='-1009']")!);
    await user.type(byTest(dialog, "plan-benefit")!, "This month: The Dispossessed.");
    await user.click(byTest(dialog, "plan-save")!);
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "plan_create")?.args).toEqual({
        draft: {
          title: "Readers club",
          description: "A book a month.",
          price: 30,
          benefit: "This month: The Dispossessed.",
          channel_ids: [-1009],
        },
      }),
    );
    expect(await screen.findByText("Readers club created")).toBeInTheDocument();
  });

  it("shows the core's refusal of a plan that grants nothing", async () => {
    const calls = mockSubscriptions({
      plan_create: () =>
        Promise.reject({ code: "invalid", message: "A plan grants something: choose a channel, or write the text sent at each renewal." }),
    });
    const user = userEvent.setup();
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "plans" } });
    await user.click(await screen.findByRole("button", { name: /New plan/ }));
    const dialog = await screen.findByRole("dialog", { name: "New plan" });
    await user.type(byTest(dialog, "plan-title")!, "Empty");
    await user.type(byTest(dialog, "plan-description")!, "Nothing at all.");
    await user.type(byTest(dialog, "plan-price")!, "5");
    await user.click(byTest(dialog, "plan-save")!);
    expect(await within(dialog).findByText("A plan grants something: choose a channel, or write the text sent at each renewal.")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "plan_create")?.args.draft).toMatchObject({ benefit: null, channel_ids: [] });
  });

  it("says existing subscribers keep their price when an edit changes it", async () => {
    const calls = mockSubscriptions({
      plans_list: () => [plan({ at_other_prices: 2 })],
      plan_update: (a) => ({ ...plan(), ...(a.draft as PlanDraft) }),
    });
    const user = userEvent.setup();
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "plans" } });
    const row = await screen.findByText("Insiders monthly").then((el) => el.closest<HTMLElement>("[data-test='plan-row']")!);
    expect(row).toHaveTextContent("2 subscribers renew at an earlier price.");
    await user.click(within(row).getByRole("button", { name: "Edit Insiders monthly" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit Insiders monthly" });
    // The same price: nothing to say.
    expect(byTest(dialog, "plan-price-note")).toBeNull();
    const price = byTest(dialog, "plan-price")!;
    await user.clear(price);
    await user.type(price, "300");
    expect(byTest(dialog, "plan-price-note")).toHaveTextContent(
      "Its 4 subscribers keep renewing at the price they joined at: Telegram renews each subscription at its invoice's price. 300 Stars applies to new subscribers.",
    );
    await user.click(byTest(dialog, "plan-save")!);
    await waitFor(() => expect(calls.find((c) => c.cmd === "plan_update")?.args).toMatchObject({ id: 3, draft: { price: 300 } }));
  });

  it("archives a plan and puts it on sale again", async () => {
    let active = true;
    const calls = mockSubscriptions({
      plans_list: () => [plan({ active })],
      plan_set_active: (a) => {
        active = a.active as boolean;
        return plan({ active });
      },
    });
    const user = userEvent.setup();
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "plans" } });
    await screen.findByText("Insiders monthly");
    const archive = byTest(document, "plan-archive")!;
    expect(archive).toHaveTextContent("Archive");
    await user.click(archive);
    await waitFor(() => expect(byTest(document, "plan-archive")).toHaveTextContent("Put on sale"));
    // An archived plan sells no more: no link to share.
    expect(byTest(document, "plan-link")).toBeNull();
    expect(calls.find((c) => c.cmd === "plan_set_active")?.args).toEqual({ id: 3, active: false });
  });
});

describe("Subscriptions · channels", () => {
  it("adds a channel by what was pasted, warns about missing rights, and forgets only what no plan grants", async () => {
    let list = [channel(), channel({ id: -1009, title: "Readers club", username: null, plans: 0 })];
    const calls = mockSubscriptions({
      channels_list: () => list,
      channel_check: () => {
        const added = channel({ id: -1010, title: "Book talk", username: null, can_ban: false, plans: 0 });
        list = [...list, added];
        return added;
      },
      channel_forget: (a) => {
        list = list.filter((c) => c.id !== a.id);
        return null;
      },
    });
    const user = userEvent.setup();
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "channels" } });
    expect(await screen.findByText("Insiders")).toBeInTheDocument();
    const rows = () => [...document.querySelectorAll<HTMLElement>("[data-test='channel-row']")];
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toHaveTextContent("Granted by Insiders monthly");
    expect(byTest(rows()[0], "channel-problem")).toBeNull();
    // A plan grants Insiders: it cannot be forgotten.
    expect(byTest(rows()[0], "channel-forget")).toBeNull();
    expect(byTest(rows()[1], "channel-forget")).not.toBeNull();

    await user.type(byTest(document, "channel-chat")!, "https://t.me/booktalk");
    await user.click(byTest(document, "channel-add")!);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(calls.find((c) => c.cmd === "channel_check")?.args).toEqual({ chat: "https://t.me/booktalk" });
    expect(byTest(rows()[2], "channel-problem")).toHaveTextContent(
      "The bot may not ban users in Book talk: give it the right to ban users, or people who stop paying stay in.",
    );
    expect(byTest(document, "channel-chat")).toHaveValue("");

    await user.click(byTest(rows()[1], "channel-forget")!);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(calls.find((c) => c.cmd === "channel_forget")?.args).toEqual({ id: -1009 });
  });
});
