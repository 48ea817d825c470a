import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CodeRow } from "../bindings/CodeRow";
import { CatalogPage } from "../pages/Catalog";
import { OrderCodeRows } from "../pages/catalog/OrderCode";
import { RunningLowCard } from "../pages/catalog/RunningLow";
import { lowProducts, lowStockProblem, recordChunks, runningLow } from "../pages/catalog/stock";
import { demoStatus, mockCommands, product, renderPage } from "./render";

/** The element with this `data-test`, once it is there. */
const findTest = (name: string) =>
  waitFor(() => {
    const el = document.querySelector(`[data-test="${name}"]`);
    expect(el).not.toBeNull();
    return el as HTMLElement;
  });
const allTest = (name: string) => document.querySelectorAll(`[data-test="${name}"]`);

const pool = () => product({ id: 3, kind: "code", title: "Game key", stock_left: 2, content: null, low_stock: 5 });

function code(id: number, c: string, state: CodeRow["state"], order_id: number | null = null): CodeRow {
  return { id, code: c, state, order_id, created_at: 1_760_000_000, removed_at: null, removal_id: null };
}

const CODES = [code(1, "TJ-A1", "sold", 41), code(2, "TJ-B2", "held"), code(3, "TJ-C3", "in_stock"), code(4, "XX-D4", "in_stock")];

function codesBackend(extra: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  return mockCommands({
    catalog_list: () => [pool()],
    bot_status: () => demoStatus,
    catalog_codes: (a) => {
      const q = a.query as { search: string; state: string | null; offset: number; limit: number };
      return CODES.filter((c) => c.code.toLowerCase().includes(q.search.toLowerCase()))
        .filter((c) => !q.state || c.state === q.state)
        .slice(q.offset, q.offset + q.limit);
    },
    catalog_code_counts: (a) => {
      const s = String(a.search).toLowerCase();
      const rows = CODES.filter((c) => c.code.toLowerCase().includes(s));
      const n = (st: string) => rows.filter((c) => c.state === st).length;
      return { in_stock: n("in_stock"), held: n("held"), sold: n("sold"), revoked: 0, removed: 0 };
    },
    ...extra,
  });
}

describe("Codes of a code product", () => {
  it("lists the codes with their state, searches them, and removes unsold ones with an Undo", async () => {
    const calls = codesBackend({
      catalog_remove_codes: (a) => ({ removal_id: 9, removed: (a.code_ids as number[]).length, skipped: 0 }),
      catalog_restore_codes: () => 1,
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: "Codes of Game key" }));
    const drawer = await screen.findByRole("dialog", { name: "Codes of Game key" });
    expect(await within(drawer).findByText("TJ-A1")).toBeInTheDocument();
    expect(within(drawer).getByText("Sold · order #41")).toBeInTheDocument();
    expect(within(drawer).getByText("Held · a customer is paying")).toBeInTheDocument();
    expect(await findTest("codes-summary")).toHaveTextContent("2 in stock · 1 held · 1 sold");
    // Sold and held codes cannot be picked for removal.
    expect(within(drawer).getByLabelText("Select TJ-A1")).toBeDisabled();
    expect(within(drawer).getByLabelText("Select TJ-B2")).toBeDisabled();

    await user.type(within(drawer).getByLabelText("Find a code"), "c3");
    await waitFor(() => expect(within(drawer).queryByText("TJ-A1")).not.toBeInTheDocument());
    expect(await within(drawer).findByText("TJ-C3")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "catalog_codes" && (c.args.query as { search: string }).search === "c3")).toBe(true);

    await user.click(within(drawer).getByLabelText("Select TJ-C3"));
    await user.click(within(drawer).getByRole("button", { name: /remove 1 code/i }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "catalog_remove_codes")?.args).toEqual({ product_id: 3, code_ids: [3] }));
    expect(await screen.findByText("1 code removed")).toBeInTheDocument();
    // Undo sits in the drawer: nothing outside a modal dialog can be clicked while it is open.
    await user.click(within(drawer).getByRole("button", { name: "Undo" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "catalog_restore_codes")?.args).toEqual({ product_id: 3, removal_id: 9 }),
    );
    expect(await screen.findByText("1 code put back")).toBeInTheDocument();
  });

  it("shows the code an order delivered", async () => {
    mockCommands({ catalog_order_code: () => "TJ-\"7\"" });
    renderPage(<OrderCodeRows orderId={12} refunded />);
    expect(await findTest("order-code")).toHaveTextContent('TJ-"7"');
    expect(screen.getByText("Revoked")).toBeInTheDocument();
  });
});

describe("Low stock", () => {
  it("is at or below the mark, and a mark of 0 never warns", () => {
    expect(runningLow(product({ stock_left: 5, low_stock: 5 }))).toBe(true);
    expect(runningLow(product({ stock_left: 6, low_stock: 5 }))).toBe(false);
    expect(runningLow(product({ stock_left: 0, low_stock: 0 }))).toBe(false);
    expect(runningLow(product({ stock_left: null, low_stock: 5 }))).toBe(false);
    const low = lowProducts([
      product({ id: 1, stock_left: 4 }),
      product({ id: 2, stock_left: 1 }),
      product({ id: 3, stock_left: 1, active: false }),
      product({ id: 4, stock_left: 50 }),
    ]);
    expect(low.map((p) => p.id)).toEqual([2, 1]);
    expect(lowStockProblem("3")).toBeNull();
    expect(lowStockProblem("")).toBeNull();
    expect(lowStockProblem("-1")).not.toBeNull();
  });

  it("badges a card running low and lists it on the Overview", async () => {
    mockCommands({
      catalog_list: () => [pool(), product({ id: 4, title: "Plenty", kind: "code", stock_left: 80, content: null })],
      bot_status: () => demoStatus,
    });
    renderPage(<CatalogPage />);
    expect(await findTest("running-low-badge")).toHaveTextContent("Running low");
    expect(allTest("running-low-badge")).toHaveLength(1);
  });

  it("lists the products running low on the Overview card", async () => {
    mockCommands({ catalog_list: () => [pool(), product({ id: 4, title: "Plenty", stock_left: 80 })] });
    renderPage(<RunningLowCard />);
    const card = await findTest("running-low");
    expect(card).toHaveTextContent("Game key");
    expect(card).toHaveTextContent("2 left");
    expect(card).not.toHaveTextContent("Plenty");
  });

  it("edits the mark in the product form", async () => {
    const calls = mockCommands({
      catalog_list: () => [pool()],
      bot_status: () => demoStatus,
      catalog_update: () => pool(),
      catalog_set_low_stock: (a) => ({ ...pool(), low_stock: a.low_stock }),
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: "Edit Game key" }));
    const mark = screen.getByLabelText(/warn when stock is at or below/i);
    expect(mark).toHaveValue("5");
    await user.clear(mark);
    await user.type(mark, "0");
    await user.click(screen.getByRole("button", { name: /save changes/i }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "catalog_set_low_stock")?.args).toEqual({ product_id: 3, low_stock: 0 }));
  });
});

describe("Catalog safety", () => {
  it("asks before a half-filled form is discarded by Escape, and closes an untouched one at once", async () => {
    mockCommands({ catalog_list: () => [pool()], bot_status: () => demoStatus });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /new product/i }));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "New product" })).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: /new product/i }));
    await user.type(screen.getByLabelText(/^title/i), "Half a product");
    await user.keyboard("{Escape}");
    const ask = await screen.findByRole("dialog", { name: "Discard changes?" });
    await user.click(within(ask).getByRole("button", { name: "Keep editing" }));
    expect(screen.getByLabelText(/^title/i)).toHaveValue("Half a product");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.click(within(await screen.findByRole("dialog", { name: "Discard changes?" })).getByRole("button", { name: "Discard" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "New product" })).not.toBeInTheDocument());
  });

  it("archives with an Undo that puts the product back on sale", async () => {
    const calls = mockCommands({
      catalog_list: () => [pool()],
      bot_status: () => demoStatus,
      catalog_set_active: (a) => ({ ...pool(), active: a.active }),
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await screen.findByText("Game key");
    await user.click(screen.getByRole("button", { name: "Archive" }));
    expect(await screen.findByText("Game key is archived")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.cmd === "catalog_set_active").map((c) => c.args.active)).toEqual([false, true]),
    );
    expect(await screen.findByText("Game key is on sale again")).toBeInTheDocument();
  });
});

describe("A code file cut into parts", () => {
  it("never cuts inside a quoted field, and numbers each part's first line", () => {
    const text = ["code,note", '"A,1",x', 'B,"two', 'lines"', "C,y", "D,z"].join("\n");
    const parts = recordChunks(text, 2);
    expect(parts.map((p) => p.firstLine)).toEqual([1, 3, 5]);
    expect(parts[1].text).toBe('B,"two\nlines"');
    expect(parts.map((p) => p.text).join("\n")).toBe(text);
    expect(recordChunks("K1\nK2\nK3\n", 2)).toEqual([
      { text: "K1\nK2", firstLine: 1 },
      { text: "K3", firstLine: 3 },
    ]);
  });
});
