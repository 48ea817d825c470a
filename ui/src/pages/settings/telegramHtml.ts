// The bot texts' formatting, read as Telegram reads it: the allowed part of its HTML (b, i, u, s,
// a href, code and their aliases) becomes plain text plus entities, which `chatText` draws as
// elements. Nothing here is ever handed to the page as HTML. The rules and messages follow the
// check the shop runs before saving (crates/core/src/texts/html.rs), which has the last word; they
// are said in the window's language (the core's own refusals come in English).

import i18next from "i18next";
import type { Entity } from "../../components/ChatText";

export type Parsed = { ok: true; text: string; entities: Entity[] } | { ok: false; error: string };

const KINDS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  a: "text_link",
  code: "code",
};

type Kind = "bold" | "italic" | "underline" | "strikethrough" | "text_link" | "code";

/** The tags the bot can use, said when one it cannot is met. */
const allowed = () => i18next.t("settings:html.allowed");

interface Open {
  name: string;
  line: number;
  start: number;
  url: string | null;
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_-]/.test(c);
}

class Problem extends Error {}

/** `&…;` at `at`: the character and where the reference ends. */
function entity(src: string, at: number): [string, number] {
  const rest = src.slice(at + 1);
  const end = rest.indexOf(";");
  if (end <= 0 || end > 10 || !/^[A-Za-z0-9#]+$/.test(rest.slice(0, end))) {
    throw new Problem(i18next.t("settings:html.ampersand"));
  }
  const name = rest.slice(0, end);
  if (name in NAMED) return [NAMED[name], at + end + 2];
  if (name.startsWith("#")) {
    const num = name.slice(1);
    const code = /^[xX][0-9a-fA-F]+$/.test(num) ? parseInt(num.slice(1), 16) : /^[0-9]+$/.test(num) ? parseInt(num, 10) : NaN;
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new Problem(i18next.t("settings:html.notCharacter", { name }));
    }
    return [String.fromCodePoint(code), at + end + 2];
  }
  throw new Problem(i18next.t("settings:html.unknownEntity", { name }));
}

function snippet(s: string): string {
  const line = s.split("\n")[0];
  return line.length > 24 ? `${line.slice(0, 24)}…` : line;
}

function safeHref(href: string | null): string {
  const h = (href ?? "").trim();
  if (!h) throw new Problem(i18next.t("settings:html.needsAddress"));
  const lower = h.toLowerCase();
  const ok = ["https://", "http://", "tg://"].some((p) => lower.startsWith(p) && lower.length > p.length) && !/\s/.test(h);
  if (!ok) throw new Problem(i18next.t("settings:html.badLink", { link: snippet(h) }));
  return h;
}

/** Reads `<name …>` at `at`: the tag's name, its href (for <a>) and where it ends. */
function startTag(src: string, at: number): [string, string | null, number] {
  let pos = at + 1;
  while (isNameChar(src[pos])) pos++;
  const name = src.slice(at + 1, pos).toLowerCase();
  if (!(name in KINDS)) throw new Problem(i18next.t("settings:html.notATag", { name, allowed: allowed() }));
  const unfinished = () => new Problem(i18next.t("settings:html.unfinished", { tag: snippet(src.slice(at)) }));
  let href: string | null = null;
  for (;;) {
    let spaced = pos;
    while (spaced < src.length && /\s/.test(src[spaced])) spaced++;
    if (spaced >= src.length) throw unfinished();
    if (src[spaced] === ">") return [name, href, spaced + 1];
    if (spaced === pos) throw unfinished();
    pos = spaced;
    let keyEnd = pos;
    while (isNameChar(src[keyEnd])) keyEnd++;
    if (keyEnd === pos) throw unfinished();
    const key = src.slice(pos, keyEnd).toLowerCase();
    if (name !== "a" || key !== "href") {
      throw new Problem(
        name === "a" ? i18next.t("settings:html.onlyAddress", { key }) : i18next.t("settings:html.nothingInside", { name }),
      );
    }
    pos = keyEnd;
    while (/\s/.test(src[pos] ?? "")) pos++;
    if (src[pos] !== "=") throw new Problem(i18next.t("settings:html.needsAddress"));
    pos++;
    while (/\s/.test(src[pos] ?? "")) pos++;
    let raw: string;
    const q = src[pos];
    if (q === '"' || q === "'") {
      const close = src.indexOf(q, pos + 1);
      if (close < 0) throw unfinished();
      raw = src.slice(pos + 1, close);
      pos = close + 1;
    } else {
      let end = pos;
      while (end < src.length && !/[\s>]/.test(src[end])) end++;
      raw = src.slice(pos, end);
      pos = end;
    }
    let value = "";
    for (let i = 0; i < raw.length; ) {
      if (raw[i] === "&") {
        const [c, next] = entity(raw, i);
        value += c;
        i = next;
      } else value += raw[i++];
    }
    href = value;
  }
}

/** Parses a bot text: the text the customer reads and its formatting, or the first problem. */
export function parseTelegramHtml(src: string): Parsed {
  let text = "";
  const entities: Entity[] = [];
  const stack: Open[] = [];
  let line = 1;
  let pos = 0;
  try {
    while (pos < src.length) {
      const c = src[pos];
      if (c === "<" && src[pos + 1] === "/") {
        let end = pos + 2;
        while (isNameChar(src[end])) end++;
        const name = src.slice(pos + 2, end).toLowerCase();
        while (/\s/.test(src[end] ?? "")) end++;
        if (!name || src[end] !== ">") throw new Problem(i18next.t("settings:html.closingUnfinished", { tag: snippet(src.slice(pos)) }));
        if (!(name in KINDS)) throw new Problem(i18next.t("settings:html.closingNotATag", { name, allowed: allowed() }));
        pos = end + 1;
        const open = stack.pop();
        if (!open) throw new Problem(i18next.t("settings:html.closesNothing", { name }));
        if (open.name !== name) {
          const said = { name, open: open.name, line: open.line };
          throw new Problem(
            stack.some((o) => o.name === name) ? i18next.t("settings:html.wrongOrder", said) : i18next.t("settings:html.closesOther", said),
          );
        }
        if (text.length > open.start) {
          entities.push({ kind: KINDS[open.name], offset: open.start, length: text.length - open.start, url: open.url });
        }
      } else if (c === "<" && /[A-Za-z]/.test(src[pos + 1] ?? "")) {
        const [name, href, end] = startTag(src, pos);
        const code = stack.find((o) => o.name === "code");
        if (code) throw new Problem(i18next.t("settings:html.insideCode", { line: code.line }));
        if (name === "code" && stack.some((o) => o.name === "a")) throw new Problem(i18next.t("settings:html.codeInLink"));
        let url: string | null = null;
        if (name === "a") {
          if (stack.some((o) => o.name === "a")) throw new Problem(i18next.t("settings:html.linkInLink"));
          url = safeHref(href);
        }
        stack.push({ name, line, start: text.length, url });
        pos = end;
      } else if (c === "<") {
        throw new Problem(i18next.t("settings:html.strayLt"));
      } else if (c === ">") {
        throw new Problem(i18next.t("settings:html.strayGt"));
      } else if (c === "&") {
        const [ch, end] = entity(src, pos);
        text += ch;
        pos = end;
      } else {
        if (c === "\n") line++;
        text += c;
        pos++;
      }
    }
  } catch (e) {
    if (e instanceof Problem) {
      // The line where the problem starts: newlines inside a tag count too.
      const at = src.slice(0, pos).split("\n").length;
      return { ok: false, error: i18next.t("settings:html.line", { line: at, problem: e.message }) };
    }
    throw e;
  }
  const open = stack[stack.length - 1];
  if (open) {
    const kind = i18next.t(`settings:html.kinds.${KINDS[open.name] as Kind}`);
    return { ok: false, error: i18next.t("settings:html.notClosed", { line: open.line, tag: open.name, kind }) };
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}
