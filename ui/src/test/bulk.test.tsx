import { emit } from "@tauri-apps/api/event";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { BatchItem } from "../bindings/BatchItem";
import type { RefundBatch } from "../bindings/RefundBatch";
import { OrdersPage } from "../pages/Orders";
import { mockCommands, orderRow, renderPage } from "./render";

function batch(items: BatchItem[], over: Partial<RefundBatch> = {}): RefundBatch {
  const done = items.filter((i) => i.state !== "pending").length;
  return {
    id: 9,
    state: done === items.length ? "finished" : "running",
    actor: "operator",
    actor_name: "Anna",
    reason: "duplicate purchase",
    created_at: 1_760_000_000,
    finished_at: null,
    total: items.length,
    done,
    failed: items.filter((i) => i.state === "failed").length,
    items,
    running_here: false,
    ...over,
  };
}

const pending = (ids: number[]): BatchItem[] => ids.map((order_id) => ({ order_id, state: "pending", message: "" }));

const rows = [orderRow(5, { stars: 100 }), orderRow(4, { stars: 50 }), orderRow(3, { status: "refunded" }), orderRow(2, { stars: 10 }), orderRow(1, { stars: 5 })];

describe("Refunding several orders", () => {
  it("selects a range with Shift, refunds it with a reason and a code, and follows each order", async () => {
    let current = batch(pending([5, 4, 2, 1]));
    let resumes = 0;
    const calls = mockCommands({
      orders_count: () => rows.length,
      orders_page: () => rows,
      catalog_list: () => [],
      refunds_unfinished: () => [],
      stepup_status: () => ({ enrolled: true, threshold: 500, locked_until: null, failures_left: 5 }),
      refunds_start: () => current,
      refunds_batch: () => current,
      refunds_resume: () => {
        resumes += 1;
        if (resumes === 1) return Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." });
        current = batch([...current.items.map((i) => (i.state === "failed" ? { ...i, state: "pending" as const, message: "" } : i))]);
        return current;
      },
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#5");

    // Select all takes the loaded rows that can be refunded; a refunded one cannot be selected.
    expect(screen.getByLabelText("Select order #3")).toBeDisabled();
    await user.click(screen.getByLabelText("Select all loaded orders"));
    expect(screen.getByRole("region", { name: "Selected orders" })).toHaveTextContent("4 selected");
    await user.click(screen.getByRole("button", { name: /Clear/ }));
    expect(screen.queryByRole("region", { name: "Selected orders" })).not.toBeInTheDocument();

    // A click, then Shift and a click further down: everything between, the refunded one left out.
    await user.click(screen.getByLabelText("Select order #5"));
    await user.keyboard("{Shift>}");
    await user.click(screen.getByLabelText("Select order #1"));
    await user.keyboard("{/Shift}");
    const bar = screen.getByRole("region", { name: "Selected orders" });
    expect(bar).toHaveTextContent("4 selected");
    expect(within(bar).getByLabelText("165 Stars")).toBeInTheDocument();
    expect(screen.getByLabelText("Select order #2")).toBeChecked();
    expect(screen.getByLabelText("Select order #3")).not.toBeChecked();
    // Selecting opens nothing.
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    await user.click(within(bar).getByRole("button", { name: /Refund selected/ }));
    const dialog = await screen.findByRole("dialog", { name: "Refund 4 orders" });
    expect(dialog).toHaveTextContent("Telegram refunds Stars in full only");
    // Step-up is on: refunding several orders always takes a code.
    const code = await within(dialog).findByLabelText("Code from your authenticator app");
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "duplicate");
    await user.type(code, "654321");
    await user.click(within(dialog).getByRole("button", { name: "Refund 4 orders" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "refunds_start")?.args).toEqual({
        order_ids: [5, 4, 2, 1],
        category: "duplicate",
        note: "",
        code: "654321",
      }),
    );
    // The selection is spent; the dialog follows the batch.
    await waitFor(() => expect(screen.queryByRole("region", { name: "Selected orders" })).not.toBeInTheDocument());
    const progress = await screen.findByRole("dialog", { name: "Refund of 4 orders" });
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");
    expect(progress).toHaveTextContent("Closing this does not stop the refunds.");

    const step = async (order_id: number, state: BatchItem["state"], message: string, done: number) => {
      current = batch(current.items.map((i) => (i.order_id === order_id ? { ...i, state, message } : i)));
      await act(() => emit("app-event", { type: "refund_batch_progress", batch_id: 9, order_id, state, message, done, total: 4 }));
    };
    await step(5, "refunded", "refunded", 1);
    await step(4, "failed", "Not refunded: Telegram could not be reached. Nothing was recorded; try again.", 2);
    await waitFor(() => expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2"));
    const lines = within(progress).getByRole("list", { name: "Orders in this refund" });
    expect(within(lines).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "#5refunded",
      "#4failed: Not refunded: Telegram could not be reached. Nothing was recorded; try again.",
      "#2waiting",
      "#1waiting",
    ]);
    await step(2, "already", "was refunded before", 3);
    await step(1, "refunded", "refunded", 4);
    await act(() => emit("app-event", { type: "refund_batch_finished", batch_id: 9, refunded: 2, failed: 1 }));
    expect(await within(progress).findByText("All 4 orders done")).toBeInTheDocument();
    expect(within(lines).getAllByRole("listitem")[2]).toHaveTextContent("#2was refunded before");

    // The failed one again: the code is asked, then the batch runs once more.
    await user.click(within(progress).getByRole("button", { name: /Try the failed again/ }));
    const ask = await screen.findByRole("dialog", { name: "Enter your authenticator code" });
    await user.type(within(ask).getByLabelText("Code from your authenticator app"), "777777{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Enter your authenticator code" })).not.toBeInTheDocument());
    const resumed = calls.filter((c) => c.cmd === "refunds_resume").map((c) => c.args);
    expect(resumed).toEqual([
      { batch_id: 9, retry_failed: true, code: null },
      { batch_id: 9, retry_failed: true, code: "777777" },
    ]);
    await waitFor(() => expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "3"));
  });

  it("offers a batch cut short by a restart: resume it, or stop it and list what was not done", async () => {
    let cut = batch([
      { order_id: 5, state: "refunded", message: "refunded" },
      ...pending([4, 2]),
    ]);
    const calls = mockCommands({
      orders_count: () => rows.length,
      orders_page: () => rows,
      catalog_list: () => [],
      refunds_unfinished: () => (cut.state === "running" ? [cut] : []),
      refunds_batch: () => cut,
      refunds_discard: () => {
        cut = batch(
          cut.items.map((i) => (i.state === "pending" ? { ...i, state: "skipped" as const } : i)),
          { state: "discarded" },
        );
        return cut;
      },
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    const banner = await screen.findByRole("region", { name: "Refund of 3 orders" });
    expect(banner).toHaveTextContent("A refund of 3 orders stopped at 1");
    expect(within(banner).getByRole("button", { name: /Resume/ })).toBeEnabled();
    await user.click(within(banner).getByRole("button", { name: /Stop and list what was not done/ }));
    const list = await screen.findByRole("dialog", { name: "Refund of 3 orders" });
    expect(list).toHaveTextContent("Stopped at 1 of 3 orders");
    expect(within(list).getAllByText("not done: the refund was stopped")).toHaveLength(2);
    expect(calls.filter((c) => c.cmd === "refunds_discard")).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole("region", { name: "Refund of 3 orders" })).not.toBeInTheDocument());
  });

  it("shows a batch running in this app (started before the window reloaded) as running, not cut short", async () => {
    const running = batch([{ order_id: 5, state: "refunded", message: "refunded" }, ...pending([4, 2])], { running_here: true });
    mockCommands({
      orders_count: () => rows.length,
      orders_page: () => rows,
      catalog_list: () => [],
      refunds_unfinished: () => [running],
      refunds_batch: () => running,
    });
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    const banner = await screen.findByRole("region", { name: "Refund of 3 orders" });
    expect(banner).toHaveTextContent("Refunding 3 orders: 1 done");
    expect(within(banner).queryByRole("button", { name: /Resume/ })).not.toBeInTheDocument();
  });
});
