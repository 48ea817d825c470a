// Deep links to the bot (https://t.me/<bot>?start=<parameter>): in demo mode the bot is the
// built-in simulator's, which no Telegram app can reach; its links open in the Demo page's chat.

import commonEn from "../locales/en/common.json";

/**
 * What a merchant reads beside a demo bot's link and when copying one, in English; the window
 * says it in its language (`common:deepLink.note`, components/DeepLink).
 */
export const DEMO_LINK_NOTE: string = commonEn.deepLink.note;

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
