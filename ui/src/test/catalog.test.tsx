import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { CatalogPage } from "../pages/Catalog";
import { PRICE_MESSAGE } from "../lib/productRules";
import { demoStatus, mockCommands, product, renderPage } from "./render";
import { channel } from "./subscriptionData";

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
      catalog_check_codes: () => ({ codes: 1200, blank: 1, header: null }),
      catalog_import_codes: (a) => {
        const lines = String(a.text).split("\n");
        return { added: lines.filter((l) => l.trim()).length, duplicates: 0, blank: lines.filter((l) => !l.trim()).length, header: null };
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
    const imports = calls.filter((c) => c.cmd === "catalog_import_codes");
    expect(imports.map((c) => c.args.first_line)).toEqual([1, 501, 1001]);
    expect(calls.findIndex((c) => c.cmd === "catalog_check_codes")).toBeLessThan(calls.indexOf(imports[0]));
  });

  it("says a CSV's header row was skipped, not added", async () => {
    mockCommands({
      catalog_list: () => [product({ id: 3, kind: "code", title: "Game key", stock_left: 0, content: null })],
      bot_status: () => demoStatus,
      catalog_check_codes: () => ({ codes: 2, blank: 0, header: "code" }),
      catalog_import_codes: () => ({ added: 2, duplicates: 0, blank: 0, header: "code" }),
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /import codes/i }));
    await user.click(screen.getByLabelText(/codes, one per line/i));
    await user.paste("code,batch\nKEY-1,a\nKEY-2,a");
    await user.click(screen.getByRole("button", { name: /import 3 lines/i }));
    expect(await screen.findByLabelText("Import summary")).toHaveTextContent("2added");
    expect(screen.getByText(/“code”, is a header row: it was skipped/)).toBeInTheDocument();
  });

  it("imports nothing when a line of the file cannot be read, and names the line", async () => {
    const calls = mockCommands({
      catalog_list: () => [product({ id: 3, kind: "code", title: "Game key", stock_left: 0, content: null })],
      bot_status: () => demoStatus,
      catalog_check_codes: () => {
        throw { code: "invalid", message: "The code on line 700 is longer than 256 characters: \"XXXX…\". Nothing was imported." };
      },
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /import codes/i }));
    await user.click(screen.getByLabelText(/codes, one per line/i));
    await user.paste(Array.from({ length: 800 }, (_, i) => `KEY-${i}`).join("\n"));
    await user.click(screen.getByRole("button", { name: /import 800 lines/i }));
    expect(await screen.findByText(/on line 700 is longer/)).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "catalog_import_codes")).toBe(false);
  });

  it("sells access to a channel picked from the Channels list, one per customer", async () => {
    const calls = mockCommands({
      catalog_list: () => [],
      bot_status: () => demoStatus,
      channels_list: () => [channel(), channel({ id: -1009, title: "Readers club", username: null, can_ban: false })],
      catalog_create: (a) => product({ id: 12, channel_title: "Insiders", ...(a.draft as object) }),
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /new product/i }));
    await user.click(screen.getByRole("button", { name: /channel access/i }));
    expect(screen.getByText(/join a private channel for good/i)).toBeInTheDocument();
    expect(screen.getByLabelText(/limit per customer/i)).toHaveValue("1");
    expect(screen.queryByLabelText(/what the customer receives/i)).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/^title/i), "Insiders for good");
    await user.type(screen.getByLabelText(/price in stars/i), "300");
    await user.click(screen.getByRole("button", { name: /create product/i }));
    expect(await screen.findByText("Choose the channel buyers join.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "catalog_create")).toBe(false);

    // A channel where the bot may not ban says what is missing.
    const picker = screen.getByLabelText(/^channel/i);
    await user.selectOptions(picker, "-1009");
    expect(screen.getByText(/may not ban users in Readers club/)).toBeInTheDocument();
    await user.selectOptions(picker, "-1001234567890");
    await user.click(screen.getByRole("button", { name: /create product/i }));
    await waitFor(() => expect(calls.some((c) => c.cmd === "catalog_create")).toBe(true));
    expect(calls.find((c) => c.cmd === "catalog_create")!.args.draft).toEqual({
      kind: "channel",
      title: "Insiders for good",
      description: "",
      price: 300,
      per_customer_limit: 1,
      stock: null,
      content: null,
      channel_id: -1001234567890,
    });
  });

  it("says how to add a channel when there is none yet", async () => {
    mockCommands({ catalog_list: () => [], bot_status: () => demoStatus, channels_list: () => [] });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    await user.click(await screen.findByRole("button", { name: /new product/i }));
    await user.click(screen.getByRole("button", { name: /channel access/i }));
    expect(await screen.findByText("No channel yet")).toBeInTheDocument();
    expect(screen.getByText(/Subscriptions → Channels/)).toBeInTheDocument();
    // Back to another kind, the limit is no longer preset.
    await user.click(screen.getByRole("button", { name: /^text$/i }));
    expect(screen.getByLabelText(/limit per customer/i)).toHaveValue("");
  });

  it("shows a channel-access product with its channel, which stays when it is edited", async () => {
    mockCommands({
      catalog_list: () => [product({ id: 4, kind: "channel", title: "Insiders for good", content: null, channel_id: -1001234567890, channel_title: "Insiders", per_customer_limit: 1 })],
      bot_status: () => demoStatus,
      channels_list: () => [channel()],
    });
    const user = userEvent.setup();
    renderPage(<CatalogPage />);
    expect(await screen.findByText("Joins Insiders")).toBeInTheDocument();
    expect(screen.getByText("Channel access")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /edit insiders for good/i }));
    const picker = await screen.findByLabelText(/^channel/i);
    expect(picker).toHaveValue("-1001234567890");
    expect(picker).toBeDisabled();
    expect(screen.getByText("The channel cannot change after the product is created.")).toBeInTheDocument();
  });
});
