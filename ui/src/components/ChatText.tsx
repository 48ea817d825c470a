// A chat message's formatting, as Telegram draws it: the bot sends HTML (or entities), the
// simulator hands the plain text and its entities over, and this builds elements from them. The
// text is never parsed as HTML: whatever it holds (a "<b>" in a product's title) stays text.

import { Fragment, type ReactNode } from "react";

/** A formatted stretch of text: Telegram's entity type, offset and length in UTF-16 units. */
export interface Entity {
  kind: string;
  offset: number;
  length: number;
  url: string | null;
}

/** The schemes a link in the chat may have; any other (javascript:, data:, file:) stays text. */
const SCHEMES = new Set(["http:", "https:", "tg:"]);

/** The address a link may open, or null: only http, https and tg, as Telegram itself allows. */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.trim();
  // Telegram links "t.me/x" and "example.com" written without a scheme, over https.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Entity types drawn as formatting; the others (commands, mentions, hashtags) are plain text. */
const DRAWN = new Set(["bold", "italic", "underline", "strikethrough", "code", "pre", "text_link", "url", "spoiler", "blockquote", "expandable_blockquote"]);

interface Node {
  entity: Entity | null;
  start: number;
  end: number;
  children: Node[];
}

/** Nests the entities: an entity that runs past the one around it is split at its end. */
function tree(length: number, entities: readonly Entity[]): Node {
  const pending = entities
    .filter((e) => DRAWN.has(e.kind) && e.length > 0 && e.offset >= 0 && e.offset < length)
    .map((e) => ({ ...e, length: Math.min(e.length, length - e.offset) }));
  const order = (a: Entity, b: Entity) => a.offset - b.offset || b.length - a.length;
  pending.sort(order);
  const root: Node = { entity: null, start: 0, end: length, children: [] };
  const stack: Node[] = [root];
  while (pending.length > 0) {
    const e = pending.shift()!;
    while (stack.length > 1 && stack[stack.length - 1].end <= e.offset) stack.pop();
    const parent = stack[stack.length - 1];
    let end = e.offset + e.length;
    if (end > parent.end) {
      const rest = { ...e, offset: parent.end, length: end - parent.end };
      const at = pending.findIndex((p) => order(rest, p) < 0);
      pending.splice(at < 0 ? pending.length : at, 0, rest);
      end = parent.end;
    }
    const node: Node = { entity: e, start: e.offset, end, children: [] };
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

export interface ChatTextOptions {
  /** Called when a link is clicked; the window never navigates away. */
  onLink?: (url: string) => void;
  /** Draws a run of plain text (the ⭐ of amounts). */
  decorate?: (text: string) => ReactNode;
}

/** The message `text` with its `entities` as elements. */
export function chatText(text: string, entities: readonly Entity[], options: ChatTextOptions = {}): ReactNode[] {
  const decorate = options.decorate ?? ((t: string) => t);
  let key = 0;
  const render = (node: Node): ReactNode[] => {
    const out: ReactNode[] = [];
    let at = node.start;
    const plain = (to: number) => {
      if (to > at) out.push(<Fragment key={key++}>{decorate(text.slice(at, to))}</Fragment>);
    };
    for (const child of node.children) {
      plain(child.start);
      out.push(element(child, render(child)));
      at = child.end;
    }
    plain(node.end);
    return out;
  };
  const element = (node: Node, children: ReactNode[]): ReactNode => {
    const e = node.entity!;
    const k = key++;
    switch (e.kind) {
      case "bold":
        return <b key={k}>{children}</b>;
      case "italic":
        return <i key={k}>{children}</i>;
      case "underline":
        return <u key={k}>{children}</u>;
      case "strikethrough":
        return <s key={k}>{children}</s>;
      case "code":
        return <code key={k}>{children}</code>;
      case "pre":
        return (
          <code key={k} className="pre">
            {children}
          </code>
        );
      case "spoiler":
        return (
          <span key={k} className="spoiler">
            {children}
          </span>
        );
      case "blockquote":
      case "expandable_blockquote":
        return <blockquote key={k}>{children}</blockquote>;
      case "text_link":
      case "url": {
        const href = safeUrl(e.kind === "url" ? text.slice(node.start, node.end) : e.url);
        if (!href) return <span key={k}>{children}</span>;
        return (
          <a
            key={k}
            href={href}
            title={href}
            onClick={(ev) => {
              ev.preventDefault();
              options.onLink?.(href);
            }}
          >
            {children}
          </a>
        );
      }
      default:
        return <span key={k}>{children}</span>;
    }
  };
  return render(tree(text.length, entities));
}
