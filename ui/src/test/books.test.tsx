import { emit } from "@tauri-apps/api/event";
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Books as BooksResult } from "../bindings/Books";
import type { BooksLine } from "../bindings/BooksLine";
import { Books, starAmount } from "../pages/reports/Books";
import { mockCommands, renderPage } from "./render";

const agreeing: BooksResult = {
  checked_at: 1_767_225_600,
  bot_id: 1,
  telegram: { amount: 468, nanostar_amount: 750_000_000 },
  stardesk: { amount: 468, nanostar_amount: 750_000_000 },
  difference: { amount: 0, nanostar_amount: 0 },
  agree: true,
  payments: 750,
  orders: 3,
  refunds: 250,
  commissions: { amount: 31, nanostar_amount: 250_000_000 },
  transactions: 4,
  lines: [],
};

function line(over: Partial<BooksLine>): BooksLine {
  return {
    kind: "order_not_in_ledger",
    date: 1_767_225_600,
    charge_id: "planted-1",
    order_id: 9,
    customer: "Bob",
    effect: { amount: -40, nanostar_amount: 0 },
    explanation: "Order #9 (40 Stars from Bob) has no payment in Telegram's ledger under its charge id.",
    fixable: false,
    ledger_offset: null,
    ...over,
  };
}

const differing: BooksResult = {
  ...agreeing,
  checked_at: 1_767_229_200,
  stardesk: { amount: 508, nanostar_amount: 750_000_000 },
  difference: { amount: -40, nanostar_amount: 0 },
  agree: false,
  transactions: 7,
  lines: [
    line({}),
    line({
      kind: "payment_without_order",
      order_id: null,
      charge_id: "stx-eve",
      customer: "Eve",
      effect: { amount: 250, nanostar_amount: 0 },
      explanation: "Telegram credited 250 Stars from Eve for a payment Stardesk has no order for.",
      fixable: true,
      ledger_offset: 5,
    }),
    line({
      kind: "refund_not_recorded",
      order_id: 1,
      effect: { amount: -250, nanostar_amount: 0 },
      explanation: "Order #1 was refunded outside Stardesk.",
      fixable: true,
      ledger_offset: 6,
    }),
  ],
};

/** The element the page marks with `data-test`. */
function el(name: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-test="${name}"]`);
  if (!found) throw new Error(`no [data-test="${name}"]`);
  return found;
}

const rowsOf = (table: HTMLElement) => [...table.querySelectorAll<HTMLElement>('[data-test="books-line"]')];

describe("Books agree with Telegram", () => {
  it("shows the last check without asking Telegram, in agreement", async () => {
    const calls = mockCommands({ books_last: () => agreeing });
    renderPage(<Books />);
    expect(await screen.findByText("Books agree with Telegram")).toBeInTheDocument();
    expect(el("books-stardesk")).toHaveTextContent("468.75 Stars");
    expect(el("books-telegram")).toHaveTextContent("468.75 Stars");
    expect(el("books-difference")).toHaveTextContent("0 Stars");
    expect(el("books-checked-at")).toHaveTextContent("Checked");
    expect(calls.map((c) => c.cmd)).not.toContain("books_check");
  });

  it("checks again with a progress bar over the ledger's pages, then lists each difference", async () => {
    let finish: (b: BooksResult) => void = () => {};
    mockCommands({
      books_last: () => null,
      books_check: () => new Promise<BooksResult>((resolve) => (finish = resolve)),
    });
    renderPage(<Books />);
    expect(await screen.findByText("Not checked yet")).toBeInTheDocument();
    fireEvent.click(el("books-check"));
    await act(() => emit("app-event", { type: "books_progress", scanned: 100, expected: 400, phase: "reading" }));
    const bar = await screen.findByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(el("books-progress")).toHaveTextContent("100 of about 400 transactions");
    expect(el("books-reconcile")).toBeDisabled();

    await act(async () => finish(differing));
    const table = await screen.findByRole("table");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    expect(el("books-difference")).toHaveTextContent("−40 Stars");
    const rows = rowsOf(table);
    expect(rows.map((r) => r.querySelector("th")?.textContent)).toEqual([
      "Order not in Telegram's ledger",
      "Payment with no order",
      "Refund made elsewhere",
    ]);
    expect(rows.map((r) => r.querySelector(".num")?.textContent)).toEqual(["−40", "+250", "−250"]);
    expect(within(rows[0]).getByRole("button", { name: "#9" })).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("Reconcile now sets this right.");
    expect(screen.queryByText("Books agree with Telegram")).not.toBeInTheDocument();
  });

  it("reconciles now and shows the books after it", async () => {
    const calls = mockCommands({
      books_last: () => differing,
      books_reconcile: () => ({
        report: { scanned: 7, recovered: 1, refunds_recorded: 1, affiliates_recorded: 0 },
        books: { ...differing, lines: [differing.lines[0]] },
      }),
    });
    renderPage(<Books />);
    await screen.findByRole("table");
    fireEvent.click(el("books-reconcile"));
    expect(await screen.findByText("1 order recovered, 1 refund and 0 commissions recorded.")).toBeInTheDocument();
    expect(rowsOf(el("books-lines"))).toHaveLength(1);
    expect(calls.filter((c) => c.cmd === "books_reconcile")).toHaveLength(1);
  });

  it("says why a check failed", async () => {
    mockCommands({
      books_last: () => null,
      books_check: () => {
        throw { code: "invalid", message: "Start the bot first: the check with Telegram goes out through it." };
      },
    });
    renderPage(<Books />);
    await screen.findByText("Not checked yet");
    fireEvent.click(el("books-check"));
    expect(await screen.findByText(/Start the bot first/)).toBeInTheDocument();
  });

  it("writes Stars to the billionth with their sign", () => {
    expect(starAmount({ amount: -31, nanostar_amount: -250_000_000 }, true)).toBe("−31.25");
    expect(starAmount({ amount: 0, nanostar_amount: -250_000_000 })).toBe("−0.25");
    expect(starAmount({ amount: 250, nanostar_amount: 0 }, true)).toBe("+250");
    expect(starAmount({ amount: 250, nanostar_amount: 0 })).toBe("250");
    expect(starAmount({ amount: 0, nanostar_amount: 0 }, true)).toBe("0");
  });
});
