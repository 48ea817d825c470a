// Stock helpers of the Catalog: the low-stock mark, and a code file cut into parts for import.

import i18next from "i18next";
import type { Product } from "../../bindings/Product";

/** Limited stock at or below the product's mark (a mark of 0 never warns). */
export function runningLow(p: Product): boolean {
  return p.low_stock > 0 && p.stock_left !== null && p.stock_left <= p.low_stock;
}

/** Products on sale running low, the fewest left first. */
export function lowProducts(products: Product[]): Product[] {
  return products.filter((p) => p.active && runningLow(p)).sort((a, b) => (a.stock_left ?? 0) - (b.stock_left ?? 0) || a.id - b.id);
}

/** The low-stock mark as typed: empty or a whole number from 0. */
export function lowStockProblem(value: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  if (!/^\d+$/.test(v)) return i18next.t("catalog:rules.lowStockWhole");
  if (Number(v) > 1_000_000) return i18next.t("catalog:rules.lowStockMax");
  return null;
}

/**
 * A list of codes cut into parts of about `size` lines, never inside a quoted CSV field (one
 * may hold a line break): each part with the number of its first line in the whole file.
 */
export function recordChunks(text: string, size: number): { text: string; firstLine: number }[] {
  const body = text.replace(/^\uFEFF/, "");
  const first = body.split("\n", 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].find((d) => first.includes(d)) ?? ",";
  const chunks: { text: string; firstLine: number }[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') i++;
        else quoted = false;
      } else if (c === "\n") line++;
      continue;
    }
    if (c === "\n") {
      line++;
      fieldStart = true;
      if (line - startLine >= size) {
        chunks.push({ text: body.slice(start, i), firstLine: startLine });
        start = i + 1;
        startLine = line;
      }
    } else if (c === delimiter) fieldStart = true;
    else if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c !== " ") fieldStart = false;
  }
  const rest = body.slice(start).replace(/\r?\n$/, "");
  if (rest !== "" || (start < body.length && chunks.length === 0)) chunks.push({ text: rest, firstLine: startLine });
  return chunks;
}
