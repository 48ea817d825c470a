import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ExpiryQueue } from "../bindings/ExpiryQueue";
import type { Removal } from "../bindings/Removal";
import { dateTime } from "../lib/format";
import { SubscriptionsPage } from "../pages/Subscriptions";
import { type Handler, demoStatus, mockCommands, renderPage } from "./render";
import { NOW, plan, queue } from "./subscriptionData";

const byTest = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-test="${name}"]`);

function removal(id: number, over: Partial<Removal> = {}): Removal {
  return {
    id,
    subscription_id: 20 + id,
    customer_id: 6000 + id,
    customer_name: `Carol ${id}`,
    plan_title: "Insiders monthly",
    why: "did not renew",
    actor: "rule",
    actor_name: "expiry",
    state: "removed",
    created_at: Math.floor(Date.now() / 1000) - 3600,
    removed_at: Math.floor(Date.now() / 1000) - 3600,
    undone_at: null,
    told_at: Math.floor(Date.now() / 1000) - 3500,
    ...over,
  };
}

function mockExpiry(q: () => ExpiryQueue, extra: Record<string, Handler> = {}) {
  return mockCommands({
    bot_status: () => demoStatus,
    plans_list: () => [plan()],
    channels_list: () => [],
    expiry_queue: q,
    ...extra,
  });
}

const open = () => renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "expiry" } });

describe("Subscriptions · expiry queue", () => {
  it("says in plain sentences what the next run does, and that nothing is to do when so", async () => {
    let q = queue({
      due_now: [
        { subscription_id: 9, customer_id: 5001, customer_name: "Alice", plan_title: "Insiders monthly", at: NOW - 7200, why: "did not renew" },
      ],
      next_7d: [
        { subscription_id: 8, customer_id: 5002, customer_name: "Bob", plan_title: "Insiders monthly", at: NOW + 2 * 86_400, why: "cancelled, paid period over" },
      ],
      reminders_now: [
        { subscription_id: 8, customer_id: 5002, plan_title: "Insiders monthly", paid_until: NOW + 2 * 86_400, days_before: 3 },
        { subscription_id: 7, customer_id: 5003, plan_title: "Insiders monthly", paid_until: NOW + 20 * 86_400, days_before: 29 },
      ],
    });
    const calls = mockExpiry(() => q, {
      expiry_run: () => {
        q = queue();
        return { removed: 1, reminders: 2, failed: [], paused: false };
      },
    });
    const user = userEvent.setup();
    open();
    const dry = await waitFor(() => {
      const el = byTest(document, "expiry-dry-run");
      expect(el).not.toBeNull();
      return el!;
    });
    const lines = within(dry)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(lines).toEqual([
      // The queue knows Bob's name from his coming removal; customer 5003 appears nowhere else.
      `Remind Bob that Insiders monthly ends on ${dateTime(NOW + 2 * 86_400)} (the 3-day reminder)`,
      `Remind customer 5003 that Insiders monthly ends on ${dateTime(NOW + 20 * 86_400)} (the 29-day reminder)`,
      "Remove Alice from Insiders monthly: did not renew",
    ]);
    const week = byTest(document, "expiry-next-7d")!;
    expect(week).toHaveTextContent("Bob");
    expect(week).toHaveTextContent("cancelled, paid period over");
    expect(week).toHaveTextContent("in 2 d");
    expect(byTest(document, "expiry-next-24h")).toHaveTextContent("Nobody's access ends in the next 24 hours.");

    await user.click(byTest(document, "expiry-run")!);
    await waitFor(() => expect(byTest(document, "expiry-result")).toHaveTextContent("Done: 1 subscriber removed, 2 reminders sent."));
    expect(calls.find((c) => c.cmd === "expiry_run")?.args).toEqual({ force: false });
    await waitFor(() =>
      expect(byTest(document, "expiry-dry-run")).toHaveTextContent("Nothing to do now: nobody's access has ended and no reminder is due."),
    );
    expect(byTest(document, "expiry-run-anyway")).toBeNull();
  });

  it("pauses automatic removal, and runs anyway only when asked", async () => {
    let paused = false;
    const due = [
      { subscription_id: 9, customer_id: 5001, customer_name: "Hugo", plan_title: "Readers club", at: NOW - 60, why: "cancelled, paid period over" },
    ];
    const calls = mockExpiry(() => queue({ paused, due_now: due }), {
      expiry_set_paused: (a) => {
        paused = a.paused as boolean;
        return paused;
      },
      expiry_run: (a) => ({ removed: a.force ? 1 : 0, reminders: 0, failed: [], paused }),
    });
    const runs = () => calls.filter((c) => c.cmd === "expiry_run").map((c) => c.args.force);
    const user = userEvent.setup();
    open();
    const pause = await waitFor(() => {
      const el = byTest(document, "expiry-pause");
      expect(el).toHaveTextContent("Pause automatic removal");
      return el!;
    });
    await user.click(pause);
    expect(await screen.findByText("Automatic removal is paused")).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "expiry_set_paused")?.args).toEqual({ paused: true });
    await waitFor(() => expect(byTest(document, "expiry-dry-run")).toHaveTextContent("waits: paused"));

    await user.click(byTest(document, "expiry-run")!);
    const result = await waitFor(() => {
      const el = byTest(document, "expiry-result");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(result).toHaveTextContent("Automatic removal is paused: nobody was removed.");
    expect(runs()).toEqual([false]);
    await user.click(within(result).getByRole("button", { name: "Run anyway" }));
    await waitFor(() => expect(byTest(document, "expiry-result")).toHaveTextContent("Done: 1 subscriber removed."));
    expect(runs()).toEqual([false, true]);
  });

  it("undoes a recent removal for the days asked, only where it can be undone", async () => {
    let recent = [removal(1), removal(2, { state: "undone", undone_at: NOW })];
    const calls = mockExpiry(() => queue({ recent }), {
      expiry_undo: (a) => {
        recent = recent.map((r) => (r.id === a.removal_id ? { ...r, state: "undone" } : r));
        return recent[0];
      },
    });
    const user = userEvent.setup();
    open();
    await screen.findByText("Carol 1");
    const rows = () => [...document.querySelectorAll<HTMLElement>("[data-test='expiry-removal']")];
    expect(rows()).toHaveLength(2);
    expect(byTest(rows()[0], "expiry-undo")).not.toBeNull();
    expect(byTest(rows()[1], "expiry-undo")).toBeNull();
    expect(rows()[1]).toHaveTextContent("Undone");

    await user.click(byTest(rows()[0], "expiry-undo")!);
    const dialog = await screen.findByRole("dialog", { name: "Undo the removal of Carol 1" });
    const days = byTest(dialog, "expiry-undo-days")!;
    expect(days).toHaveValue("7");
    await user.clear(days);
    await user.type(days, "0");
    await user.click(byTest(dialog, "expiry-undo-confirm")!);
    expect(within(dialog).getByText("Give access back for 1 to 365 days.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "expiry_undo")).toBe(false);
    await user.clear(days);
    await user.type(days, "14");
    await user.click(byTest(dialog, "expiry-undo-confirm")!);
    await waitFor(() => expect(calls.find((c) => c.cmd === "expiry_undo")?.args).toEqual({ removal_id: 1, days: 14 }));
    expect(await screen.findByText("Carol 1 has access again for 14 days")).toBeInTheDocument();
    await waitFor(() => expect(byTest(document, "expiry-undo")).toBeNull());
  });

  it("edits the reminder days with the core's limits", async () => {
    let days = [3, 1];
    const calls = mockExpiry(() => queue({ reminder_days: days }), {
      expiry_set_reminder_days: (a) => {
        days = a.days as number[];
        return days;
      },
    });
    const user = userEvent.setup();
    open();
    const input = await waitFor(() => {
      const el = byTest(document, "expiry-reminder-days");
      expect(el).toHaveValue("3, 1");
      return el!;
    });
    await user.clear(input);
    await user.type(input, "7, 30");
    await user.click(byTest(document, "expiry-reminder-save")!);
    expect(screen.getByText("Reminders go out 1 to 29 days before the end; at most five of them.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "expiry_set_reminder_days")).toBe(false);
    await user.clear(input);
    await user.type(input, "1, 7 3");
    await user.click(byTest(document, "expiry-reminder-save")!);
    await waitFor(() => expect(calls.find((c) => c.cmd === "expiry_set_reminder_days")?.args).toEqual({ days: [7, 3, 1] }));
    await waitFor(() => expect(input).toHaveValue("7, 3, 1"));
  });

  it("counts what it does not list: the whole week beside the first entries", async () => {
    const one = { subscription_id: 9, customer_id: 5001, customer_name: "Alice", plan_title: "Insiders monthly", at: NOW - 60, why: "did not renew" };
    mockExpiry(() =>
      queue({
        due_now: [one],
        due_now_total: 1201,
        next_7d: [{ ...one, subscription_id: 10, at: NOW + 3 * 86_400 }],
        next_7d_total: 14_000,
      }),
    );
    open();
    const week = await waitFor(() => {
      const el = byTest(document, "expiry-next-7d");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(week.textContent).toContain("14,000");
    expect(byTest(week, "due-more")?.textContent).toContain("13,999 more");
    expect(byTest(byTest(document, "expiry-dry-run")!, "due-more")?.textContent).toContain("1,200 more removals");
    // Nothing more to say where the list is whole.
    expect(byTest(byTest(document, "expiry-next-24h")!, "due-more")).toBeNull();
  });
});
