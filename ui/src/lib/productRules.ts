// The product form's inline checks. They say the same as core's `ProductDraft::validate`, which
// stays the authority: a save it refuses shows its message in the form too.

import type { Kind } from "../bindings/Kind";

export const MIN_PRICE = 1;
export const MAX_PRICE = 10_000;
export const TITLE_MAX = 32;
export const DESCRIPTION_MAX = 255;
export const CONTENT_MAX = 3500;

export const PRICE_MESSAGE = "The price must be a whole number of Stars from 1 to 10,000.";

export function priceProblem(raw: string): string | null {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) return PRICE_MESSAGE;
  const n = Number(s);
  return n < MIN_PRICE || n > MAX_PRICE ? PRICE_MESSAGE : null;
}

export function titleProblem(title: string): string | null {
  const t = title.trim();
  if (!t) return "Give the product a title.";
  if ([...t].length > TITLE_MAX) return "The title is too long: Telegram invoices allow at most 32 characters.";
  return null;
}

export function descriptionProblem(description: string): string | null {
  return [...description.trim()].length > DESCRIPTION_MAX
    ? "The description is too long: Telegram invoices allow at most 255 characters."
    : null;
}

export function contentProblem(kind: Kind, content: string): string | null {
  if (kind === "text" && !content.trim()) return "Write the text the customer receives after paying.";
  if ([...content].length > CONTENT_MAX) return "The text to deliver is too long: at most 3,500 characters.";
  return null;
}

export function channelChoiceProblem(kind: Kind, channel: string): string | null {
  return kind === "channel" && !channel ? "Choose the channel buyers join." : null;
}

export function optionalCountProblem(raw: string, what: "limit" | "stock"): string | null {
  const s = raw.trim();
  if (!s) return null;
  if (!/^\d+$/.test(s)) return what === "limit" ? "The limit is a whole number, or empty for no limit." : "Stock is a whole number, or empty for unlimited.";
  if (what === "limit" && Number(s) < 1) return "The limit per customer must be at least 1, or empty for no limit.";
  return null;
}

/** The link that opens the bot straight on a product's card. */
export function deepLink(botUsername: string, productId: number): string {
  return `https://t.me/${botUsername}?start=p_${productId}`;
}

/** Splits a pasted list or a file into chunks of lines, for an import with a progress bar. */
export function chunkLines(text: string, linesPerChunk: number): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += linesPerChunk) {
    chunks.push(lines.slice(i, i + linesPerChunk).join("\n"));
  }
  return chunks;
}
