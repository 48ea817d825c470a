// Deep links to the bot (https://t.me/<bot>?start=<parameter>): in demo mode the bot is the
// built-in simulator's, which no Telegram app can reach; its links open in the Demo page's chat.

/** What a merchant reads beside a demo bot's link and when copying one. */
export const DEMO_LINK_NOTE = "Demo bot: this link works only in the Demo page's chat. Paste it there to open it as a simulated customer.";

/**
 * The message a customer's Telegram sends when they open `link` to `botUsername`: "/start" with
 * the link's start parameter; null when the link is to somewhere else.
 */
export function startCommand(link: string, botUsername: string | null | undefined): string | null {
  if (!botUsername) return null;
  const text = link.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  const bot = botUsername.toLowerCase();
  let name: string | null = null;
  if ((url.protocol === "https:" || url.protocol === "http:") && ["t.me", "telegram.me"].includes(url.hostname.toLowerCase())) {
    name = url.pathname.replace(/^\/+|\/+$/g, "");
  } else if (url.protocol === "tg:" && (url.hostname === "resolve" || url.pathname.replace(/^\/+/, "") === "resolve")) {
    name = url.searchParams.get("domain");
  }
  if (!name || name.toLowerCase() !== bot) return null;
  const start = url.searchParams.get("start");
  return start ? `/start ${start}` : "/start";
}
