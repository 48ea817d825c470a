// The bot texts' formatting, read as Telegram reads it: the allowed part of its HTML (b, i, u, s,
// a href, code and their aliases) becomes plain text plus entities, which `chatText` draws as
// elements. Nothing here is ever handed to the page as HTML. The rules and messages follow the
// check the shop runs before saving (crates/core/src/texts/html.rs), which has the last word.

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

const WORDS: Record<string, string> = {
  bold: "bold",
  italic: "italic",
  underline: "underline",
  strikethrough: "strikethrough",
  text_link: "link",
  code: "code",
};

const ALLOWED = '<b>, <i>, <u>, <s>, <a href="https://…"> and <code> (write &lt; for a < shown as it is)';

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
    throw new Problem("a & shown as it is must be written &amp; (the text may use &lt; &gt; &amp; &quot; and numeric ones like &#8364;).");
  }
  const name = rest.slice(0, end);
  if (name in NAMED) return [NAMED[name], at + end + 2];
  if (name.startsWith("#")) {
    const num = name.slice(1);
    const code = /^[xX][0-9a-fA-F]+$/.test(num) ? parseInt(num.slice(1), 16) : /^[0-9]+$/.test(num) ? parseInt(num, 10) : NaN;
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new Problem(`&${name}; is not a character: a number like &#8364; names one.`);
    }
    return [String.fromCodePoint(code), at + end + 2];
  }
  throw new Problem(
    `&${name}; is not understood by Telegram: it knows only &lt; &gt; &amp; &quot; and numeric ones like &#8364;; write &amp; for a & shown as it is.`,
  );
}

function snippet(s: string): string {
  const line = s.split("\n")[0];
  return line.length > 24 ? `${line.slice(0, 24)}…` : line;
}

function safeHref(href: string | null): string {
  const h = (href ?? "").trim();
  if (!h) throw new Problem('<a> needs an address: <a href="https://…">.');
  const lower = h.toLowerCase();
  const ok = ["https://", "http://", "tg://"].some((p) => lower.startsWith(p) && lower.length > p.length) && !/\s/.test(h);
  if (!ok) throw new Problem(`the link "${snippet(h)}" cannot be used: an address starts with https://, http:// or tg:// and has no spaces.`);
  return h;
}

/** Reads `<name …>` at `at`: the tag's name, its href (for <a>) and where it ends. */
function startTag(src: string, at: number): [string, string | null, number] {
  let pos = at + 1;
  while (isNameChar(src[pos])) pos++;
  const name = src.slice(at + 1, pos).toLowerCase();
  if (!(name in KINDS)) throw new Problem(`<${name}> is not a tag the bot can use: use ${ALLOWED}.`);
  const unfinished = () => new Problem(`the tag "${snippet(src.slice(at))}" is not finished with >.`);
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
        name === "a" ? `<a> takes only an address: <a href="https://…">, not "${key}".` : `<${name}> takes nothing inside the brackets: write <${name}> alone.`,
      );
    }
    pos = keyEnd;
    while (/\s/.test(src[pos] ?? "")) pos++;
    if (src[pos] !== "=") throw new Problem('<a> needs an address: <a href="https://…">.');
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
        if (!name || src[end] !== ">") throw new Problem(`the closing tag "${snippet(src.slice(pos))}" is not finished with >.`);
        if (!(name in KINDS)) throw new Problem(`</${name}> is not a tag the bot can use: use ${ALLOWED}.`);
        pos = end + 1;
        const open = stack.pop();
        if (!open) throw new Problem(`</${name}> closes nothing: there is no <${name}> open before it.`);
        if (open.name !== name) {
          throw new Problem(
            stack.some((o) => o.name === name)
              ? `</${name}> comes before </${open.name}>: close tags in the reverse order they were opened, as in <b><i>…</i></b> (<${open.name}> opened on line ${open.line}).`
              : `</${name}> closes nothing: <${open.name}> (line ${open.line}) is the tag open there.`,
          );
        }
        if (text.length > open.start) {
          entities.push({ kind: KINDS[open.name], offset: open.start, length: text.length - open.start, url: open.url });
        }
      } else if (c === "<" && /[A-Za-z]/.test(src[pos + 1] ?? "")) {
        const [name, href, end] = startTag(src, pos);
        const code = stack.find((o) => o.name === "code");
        if (code) throw new Problem(`nothing can be formatted inside <code> (opened on line ${code.line}): close it with </code> first.`);
        if (name === "code" && stack.some((o) => o.name === "a")) throw new Problem("a link cannot hold <code>.");
        let url: string | null = null;
        if (name === "a") {
          if (stack.some((o) => o.name === "a")) throw new Problem("a link cannot hold another link.");
          url = safeHref(href);
        }
        stack.push({ name, line, start: text.length, url });
        pos = end;
      } else if (c === "<") {
        throw new Problem("a < that starts no tag must be written &lt;.");
      } else if (c === ">") {
        throw new Problem("a > that ends no tag must be written &gt;.");
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
      return { ok: false, error: `Line ${at}: ${e.message}` };
    }
    throw e;
  }
  const open = stack[stack.length - 1];
  if (open) {
    return { ok: false, error: `Line ${open.line}: <${open.name}> is not closed: add </${open.name}> where the ${WORDS[KINDS[open.name]]} text ends.` };
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { ok: true, text, entities };
}
