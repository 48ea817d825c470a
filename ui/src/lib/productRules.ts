// The product form's inline checks. They say the same as core's `ProductDraft::validate`, which
// stays the authority: a save it refuses shows its message in the form too. The messages are in
// the window's language (`catalog:rules.*`), read when a check runs.

import i18next from "i18next";
import type { Kind } from "../bindings/Kind";
import catalogEn from "../locales/en/catalog.json";

export const MIN_PRICE = 1;
export const MAX_PRICE = 10_000;
export const TITLE_MAX = 32;
export const DESCRIPTION_MAX = 255;
export const CONTENT_MAX = 3500;

/** The price's message in English; `priceProblem` says it in the window's language. */
export const PRICE_MESSAGE = catalogEn.rules.price;

const priceMessage = () => i18next.t("catalog:rules.price");

export function priceProblem(raw: string): string | null {
  const s = raw.trim();
  if (!/^\d+$/.test(s)) return priceMessage();
  const n = Number(s);
  return n < MIN_PRICE || n > MAX_PRICE ? priceMessage() : null;
}

export function titleProblem(title: string): string | null {
  const t = title.trim();
  if (!t) return i18next.t("catalog:rules.titleEmpty");
  if ([...t].length > TITLE_MAX) return i18next.t("catalog:rules.titleLong");
  return null;
}

export function descriptionProblem(description: string): string | null {
  return [...description.trim()].length > DESCRIPTION_MAX
    ? i18next.t("catalog:rules.descriptionLong")
    : null;
}

export function contentProblem(kind: Kind, content: string): string | null {
  if (kind === "text" && !content.trim()) return i18next.t("catalog:rules.contentEmpty");
  if ([...content].length > CONTENT_MAX) return i18next.t("catalog:rules.contentLong");
  return null;
}

export function channelChoiceProblem(kind: Kind, channel: string): string | null {
  return kind === "channel" && !channel ? i18next.t("catalog:rules.channel") : null;
}

export function optionalCountProblem(raw: string, what: "limit" | "stock"): string | null {
  const s = raw.trim();
  if (!s) return null;
  if (!/^\d+$/.test(s)) return what === "limit" ? i18next.t("catalog:rules.limitWhole") : i18next.t("catalog:rules.stockWhole");
  if (what === "limit" && Number(s) < 1) return i18next.t("catalog:rules.limitMin");
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
