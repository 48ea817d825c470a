import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { type Entity, chatText, safeUrl } from "../components/ChatText";
import { CopyButton } from "../components/ui";
import { DEMO_LINK_NOTE, startCommand } from "../lib/deepLinks";
import { demoStatus, mockCommands, renderPage } from "./render";

const e = (kind: string, offset: number, length: number, url: string | null = null): Entity => ({ kind, offset, length, url });

function draw(text: string, entities: Entity[], onLink?: (url: string) => void) {
  const { container } = render(<div data-testid="msg">{chatText(text, entities, { onLink })}</div>);
  return container.firstChild as HTMLElement;
}

describe("the chat's formatting", () => {
  it("draws bold, italic, underline, strikethrough and code as elements", () => {
    const el = draw("Price: 25 Stars, code ABC-1 left", [e("bold", 7, 8), e("italic", 0, 5), e("code", 22, 5), e("underline", 28, 4), e("strikethrough", 17, 4)]);
    expect(el.querySelector("b")?.textContent).toBe("25 Stars");
    expect(el.querySelector("i")?.textContent).toBe("Price");
    expect(el.querySelector("code")?.textContent).toBe("ABC-1");
    expect(el.querySelector("u")?.textContent).toBe("left");
    expect(el.querySelector("s")?.textContent).toBe("code");
    expect(el.textContent).toBe("Price: 25 Stars, code ABC-1 left");
  });

  it("keeps text that looks like HTML as text: nothing in it becomes an element", () => {
    const text = '<b>not bold</b> <img src=x onerror="alert(1)"> <script>alert(2)</script> &amp;';
    const el = draw(text, []);
    expect(el.textContent).toBe(text);
    expect(el.querySelector("b, img, script")).toBeNull();
    // Inside a real entity as well.
    const bold = draw("Buy <i>this</i>", [e("bold", 4, 11)]);
    expect(bold.querySelector("b")?.textContent).toBe("<i>this</i>");
    expect(bold.querySelector("i")).toBeNull();
  });

  it("nests entities, and splits one that runs past the one around it", () => {
    // <b>bold <i>both</i></b>
    const el = draw("bold both", [e("italic", 5, 4), e("bold", 0, 9)]);
    expect(el.querySelector("b > i")?.textContent).toBe("both");
    expect(el.querySelector("b")?.textContent).toBe("bold both");
    // bold 0..6 and italic 4..10 overlap: the italic is split at the bold's end.
    const crossing = draw("abcdefghij", [e("bold", 0, 6), e("italic", 4, 6)]);
    expect(crossing.textContent).toBe("abcdefghij");
    const italics = [...crossing.querySelectorAll("i")].map((i) => i.textContent);
    expect(italics).toEqual(["ef", "ghij"]);
    expect(crossing.querySelector("b > i")?.textContent).toBe("ef");
  });

  it("counts offsets in UTF-16 units, as Telegram does", () => {
    const text = "⭐ 🎁 Gift card";
    const at = text.indexOf("Gift");
    const el = draw(text, [e("bold", at, 4)]);
    expect(el.querySelector("b")?.textContent).toBe("Gift");
  });

  it("links only http, https and tg addresses, and a click goes to the chat, not the window", async () => {
    const opened: string[] = [];
    const text = "Site, bad one, worse, t.me/shop_bot?start=p_5";
    const el = draw(
      text,
      [
        e("text_link", 0, 4, "https://example.com/a"),
        e("text_link", 6, 7, "javascript:alert(1)"),
        e("text_link", 15, 5, "data:text/html,<b>x</b>"),
        e("url", 22, 23),
      ],
      (u) => opened.push(u),
    );
    const links = [...el.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.com/a", "https://t.me/shop_bot?start=p_5"]);
    expect(el.textContent).toBe(text);
    await userEvent.click(links[1]);
    expect(opened).toEqual(["https://t.me/shop_bot?start=p_5"]);
    expect(safeUrl("tg://resolve?domain=shop_bot")).toBe("tg://resolve?domain=shop_bot");
    expect(safeUrl("JavaScript:alert(1)")).toBeNull();
    expect(safeUrl("file:///etc/passwd")).toBeNull();
    expect(safeUrl("")).toBeNull();
  });

  it("ignores entities outside the text and kinds it does not draw", () => {
    const el = draw("/start now", [e("bot_command", 0, 6), e("bold", 50, 3), e("bold", 7, 99)]);
    expect(el.textContent).toBe("/start now");
    expect(el.querySelector("b")?.textContent).toBe("now");
    expect(el.querySelectorAll("b")).toHaveLength(1);
  });
});

describe("deep links to the demo bot", () => {
  it("turns the demo bot's link into the /start a Telegram app would send", () => {
    expect(startCommand("https://t.me/stardesk_demo_bot?start=p_5", "stardesk_demo_bot")).toBe("/start p_5");
    expect(startCommand(" t.me/Stardesk_Demo_Bot?start=r_ab12 ", "stardesk_demo_bot")).toBe("/start r_ab12");
    expect(startCommand("tg://resolve?domain=stardesk_demo_bot&start=plan_2", "stardesk_demo_bot")).toBe("/start plan_2");
    expect(startCommand("https://t.me/stardesk_demo_bot", "stardesk_demo_bot")).toBe("/start");
    expect(startCommand("https://t.me/other_bot?start=p_5", "stardesk_demo_bot")).toBeNull();
    expect(startCommand("https://t.me/+invite", "stardesk_demo_bot")).toBeNull();
    expect(startCommand("hello there", "stardesk_demo_bot")).toBeNull();
    expect(startCommand("https://t.me/stardesk_demo_bot?start=p_5", null)).toBeNull();
  });

  it("marks a copied link as the demo bot's in demo mode, and says where it works", async () => {
    // user-event puts a clipboard of its own on the navigator.
    const user = userEvent.setup();
    mockCommands({ bot_status: () => demoStatus });
    renderPage(<CopyButton text="https://t.me/stardesk_demo_bot?start=p_5" label="Copy link" deepLink />);
    const mark = await screen.findByText("Demo bot");
    expect(mark.closest("[data-test=demo-link-mark]")).toHaveAttribute("title", DEMO_LINK_NOTE);
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(await navigator.clipboard.readText()).toBe("https://t.me/stardesk_demo_bot?start=p_5");
    expect(await screen.findByText(DEMO_LINK_NOTE)).toBeInTheDocument();
  });

  it("has no mark with a real bot", async () => {
    mockCommands({ bot_status: () => ({ ...demoStatus, mode: "live" }) });
    renderPage(
      <>
        <CopyButton text="https://t.me/real_shop_bot?start=p_5" label="Copy link" deepLink />
        <span>loaded</span>
      </>,
    );
    await screen.findByRole("button", { name: "Copy link" });
    await waitFor(() => expect(screen.queryByText("Demo bot")).toBeNull());
  });
});
