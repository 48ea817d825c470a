import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ChatLine } from "../bindings/ChatLine";
import { DemoPage } from "../pages/Demo";
import { demoStatus, mockCommands, product, renderPage } from "./render";

const line = (id: number, from_bot: boolean, text: string, over: Partial<ChatLine> = {}): ChatLine => ({
  message_id: id,
  from_bot,
  text,
  entities: [],
  document: null,
  invoice: null,
  paid: null,
  refunded: null,
  buttons: [],
  ...over,
});

describe("Demo", () => {
  it("creates a simulated customer, opens the shop and buys, showing the chat", async () => {
    let created = false;
    const calls = mockCommands({
      bot_status: () => demoStatus,
      catalog_list: () => [product({ id: 5, title: "Field notes", price: 42 })],
      demo_shoppers: () => (created ? [{ id: 900, first_name: "Hugo", username: "hugo_1", lang: "en" }] : []),
      demo_create_shopper: () => {
        created = true;
        return { id: 900, first_name: "Hugo", username: "hugo_1", lang: "en" };
      },
      demo_chat: () => [],
      demo_open_shop: () => [
        line(1, false, "/start"),
        line(2, true, "Catalog: tap a product to see it.", { buttons: [[{ text: "Field notes · 42 ⭐", data: "p:5", url: null }]] }),
      ],
      demo_buy: () => ({
        purchase: { status: "paid", charge_id: "stx1", error_message: null, goods: "Here is your Field notes" },
        chat: [
          line(3, false, "/start p_5"),
          line(4, true, "", { invoice: { title: "Field notes", description: "Notes", amount: 42 } }),
          line(5, false, "", { paid: 42 }),
          line(6, true, "Here is your Field notes: https://example.com"),
        ],
      }),
    });
    const user = userEvent.setup();
    renderPage(<DemoPage />);
    await user.type(await screen.findByLabelText("Customer's first name"), "Hugo");
    // Hugo's Telegram speaks German: the bot will answer him in it.
    await user.selectOptions(screen.getByLabelText("Their Telegram's language"), "de");
    await user.click(screen.getByRole("button", { name: /create/i }));
    expect(await screen.findByText(/Hugo ↔ @stardesk_demo_bot/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "demo_create_shopper")?.args).toEqual({ first_name: "Hugo", lang: "de" });
    await user.click(screen.getByRole("button", { name: /send \/start/i }));
    expect(await screen.findByText("Catalog: tap a product to see it.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Field notes · 42/ })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /^buy$/i }));
    expect(await screen.findByText("You paid 42 Stars")).toBeInTheDocument();
    expect(screen.getByText(/Here is your Field notes: https/)).toBeInTheDocument();
    await waitFor(() => expect(calls.find((c) => c.cmd === "demo_buy")?.args).toEqual({ user_id: 900, product_id: 5 }));
  });

  it("applies the sample promo code and refers a friend, whose chat it then shows", async () => {
    const maya = { id: 900, first_name: "Maya", username: "maya_1", lang: "en" };
    const jonas = { id: 901, first_name: "Jonas", username: "jonas_2", lang: "de" };
    let referred = false;
    const calls = mockCommands({
      bot_status: () => demoStatus,
      catalog_list: () => [product({ id: 5, title: "Field notes", price: 42 })],
      demo_shoppers: () => (referred ? [maya, jonas] : [maya]),
      demo_chat: () => [],
      demo_send: () => [line(1, false, "/promo WELCOME10"), line(2, true, "Promo code WELCOME10 applied: 10% off.")],
      demo_refer_friend: () => {
        referred = true;
        return {
          friend: jonas,
          link: "https://t.me/stardesk_demo_bot?start=r_abcd2345",
          chat: [line(1, false, "/start r_abcd2345"), line(2, true, "Welcome! You came through Maya's invitation.")],
        };
      },
    });
    const user = userEvent.setup();
    renderPage(<DemoPage />);
    expect(await screen.findByText(/Maya ↔ @stardesk_demo_bot/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /send \/promo WELCOME10/i }));
    expect(await screen.findByText(/Promo code WELCOME10 applied/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "demo_send")?.args).toEqual({ user_id: 900, text: "/promo WELCOME10" });

    await user.click(screen.getByRole("button", { name: /refer a friend/i }));
    expect(await screen.findByText("Welcome! You came through Maya's invitation.")).toBeInTheDocument();
    expect(screen.getByText(/Jonas ↔ @stardesk_demo_bot/)).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === "demo_refer_friend")?.args).toEqual({ user_id: 900, friend_name: "Jonas" });
  });

  it("shows each customer's Stars, draws the bot's bold text and opens a pasted demo link as /start", async () => {
    const maya = { id: 900, first_name: "Maya", username: "maya_1", stars: 10_000, lang: "en" };
    const omar = { id: 901, first_name: "Omar", username: "omar_2", stars: 1_250, lang: "ru" };
    let paid = false;
    const calls = mockCommands({
      bot_status: () => demoStatus,
      catalog_list: () => [product({ id: 5, title: "Field notes", price: 42 })],
      demo_shoppers: () => [omar, { ...maya, stars: paid ? 9_958 : 10_000 }],
      demo_chat: () => [line(1, true, "Catalog: tap a product to see it.", { entities: [{ kind: "bold", offset: 0, length: 7, url: null }] })],
      demo_buy: () => {
        paid = true;
        return { purchase: { status: "paid", charge_id: "stx1", error_message: null, goods: "Here is your Field notes" }, chat: [line(2, false, "", { paid: 42 })] };
      },
      demo_send: (a) => [line(3, false, String(a.text)), line(4, true, "<b>Field notes</b> is here", { entities: [{ kind: "italic", offset: 0, length: 18, url: null }] })],
    });
    const user = userEvent.setup();
    renderPage(<DemoPage />);
    expect(await screen.findByText(/Maya ↔ @stardesk_demo_bot/)).toBeInTheDocument();
    // The list: each customer with their balance; the chat's head: the selected one's.
    const list = [...document.querySelectorAll("[data-test=shopper-stars]")].map((el) => el.textContent);
    expect(list).toEqual(["1,250", "10,000"]);
    // A shopper whose Telegram speaks another language than English says which.
    expect([...document.querySelectorAll("[data-test=shopper-lang]")].map((el) => el.textContent)).toEqual(["RU"]);
    expect(document.querySelector("[data-test=chat-stars]")?.textContent).toBe("10,000");
    // Bold from the bot's entities, as an element.
    const bold = await screen.findByText("Catalog");
    expect(bold.tagName).toBe("B");

    await user.click(screen.getByRole("button", { name: /^buy$/i }));
    await waitFor(() => expect(document.querySelector("[data-test=chat-stars]")?.textContent).toBe("9,958"));

    // The merchant pastes a product's copied link: the customer opens it, as in Telegram.
    await user.type(screen.getByLabelText("Message to the bot"), "https://t.me/stardesk_demo_bot?start=p_5");
    await user.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(calls.find((c) => c.cmd === "demo_send")?.args).toEqual({ user_id: 900, text: "/start p_5" }));
    // The bot's text stays text: its "<b>" is not an element.
    const reply = await screen.findByText("<b>Field notes</b>");
    expect(reply.tagName).toBe("I");
    expect(reply.parentElement?.textContent).toBe("<b>Field notes</b> is here");
    expect(reply.parentElement?.querySelector("b")).toBeNull();
  });

  it("explains that the shopper is for demo mode only once a real bot is connected", async () => {
    mockCommands({
      bot_status: () => ({ ...demoStatus, mode: "live", token_place: "keychain", simulator_url: null }),
      catalog_list: () => [],
      demo_shoppers: () => [],
    });
    renderPage(<DemoPage />);
    expect(await screen.findByText("Your real bot is connected")).toBeInTheDocument();
  });
});
