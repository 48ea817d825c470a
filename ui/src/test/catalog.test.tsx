import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { CatalogPage } from "../pages/Catalog";
import { PRICE_MESSAGE } from "../lib/productRules";
import { demoStatus, mockCommands, product, renderPage } from "./render";

describe("Catalog", () => {
  it("lists products with their copyable deep link", async () => {
    mockCommands({
      catalog_list: () => [product({ id: 7, title: "Game key", kind: "code", stock_left: 3 })],
      bot_status: () => demoStatus,
    });
    renderPage(<CatalogPage />);
    expect(await screen.findByText("Game key")).toBeInTheDocument();
    expect(screen.getByText("3 left")).toBeInTheDocument();
    expect(screen.getByText("https://t.me/stardesk_demo_bot?start=p_7")).toBeInTheDocument();
  });

  it("says what to do when the catalog is empty", async () => {
    mockCommands({ catalog_list: () => [], bot_status: () => demoStatus });
    renderPage(<CatalogPage />);
    expect(await screen.findByText("Your catalog is empty")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /create your first product/i })).toBeInTheDocument();
  });

  it("refuses an invalid price inline with the reason, then creates the product", async () => {
    const calls = mockCommands({
      catalog_list: () => [],
      bot_status: () => demoStatus,
      catalog_create: (a) => product({ id: 9, ...(a.draft as object) }),
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /new product/i }));
    await user.type(screen.getByLabelText(/^title/i), "Secret recipe");
    await user.type(screen.getByLabelText(/what the customer receives/i), "Add salt.");
    await user.type(screen.getByLabelText(/price in stars/i), "0");
    expect(screen.getByText(PRICE_MESSAGE)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /create product/i }));
    expect(calls.some((c) => c.cmd === "catalog_create")).toBe(false);

    await user.clear(screen.getByLabelText(/price in stars/i));
    await user.type(screen.getByLabelText(/price in stars/i), "120");
    expect(screen.queryByText(PRICE_MESSAGE)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /create product/i }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "catalog_create")).toBe(true));
    const draft = calls.find((c) => c.cmd === "catalog_create")!.args.draft;
    expect(draft).toEqual({
      kind: "text",
      title: "Secret recipe",
      description: "",
      price: 120,
      per_customer_limit: null,
      stock: null,
      content: "Add salt.",
      channel_id: null,
    });
  });

  it("shows core's refusal in the form", async () => {
    mockCommands({
      catalog_list: () => [],
      bot_status: () => demoStatus,
      catalog_create: () => {
        throw { code: "invalid", message: "The title is too long: Telegram invoices allow at most 32 characters." };
      },
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /new product/i }));
    await user.type(screen.getByLabelText(/^title/i), "Fine title");
    await user.type(screen.getByLabelText(/what the customer receives/i), "x");
    await user.type(screen.getByLabelText(/price in stars/i), "5");
    await user.click(screen.getByRole("button", { name: /create product/i }));
    expect(await screen.findByText(/Not saved/)).toBeInTheDocument();
    expect(screen.getByText(/at most 32 characters/)).toBeInTheDocument();
  });

  it("imports codes in chunks with a summary", async () => {
    const calls = mockCommands({
      catalog_list: () => [product({ id: 3, kind: "code", title: "Game key", stock_left: 0, content: null })],
      bot_status: () => demoStatus,
      catalog_import_codes: (a) => {
        const lines = String(a.text).split("\n");
        return { added: lines.filter((l) => l.trim()).length, duplicates: 0, blank: lines.filter((l) => !l.trim()).length };
      },
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /import codes/i }));
    const codes = Array.from({ length: 1200 }, (_, i) => `KEY-${i}`).join("\n");
    const box = screen.getByLabelText(/codes, one per line/i);
    await user.click(box);
    await user.paste(codes + "\n\n");
    await user.click(screen.getByRole("button", { name: /import 1,201 lines/i }));
    expect(await screen.findByLabelText("Import summary")).toHaveTextContent("1,200added");
    expect(calls.filter((c) => c.cmd === "catalog_import_codes")).toHaveLength(3);
  });
});
