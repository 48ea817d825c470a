//! Telegram's HTML parse mode: validation, plain text and the entities it produces.

use serde_json::{Value, json};

/// Text after parsing: what the recipient reads, and the formatting as Bot API entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub text: String,
    pub entities: Vec<Value>,
}

/// What an open tag will become once it is closed.
#[derive(Debug, Clone)]
enum Kind {
    Simple(&'static str),
    Link(Option<String>),
    Pre(Option<String>),
    Code(Option<String>),
    Blockquote { expandable: bool },
    CustomEmoji(String),
}

struct Open {
    name: String,
    kind: Kind,
    start: usize,
    /// Set on a `<pre>` when a `<code class="language-…">` inside it named the language.
    language: Option<String>,
}

struct Entity {
    value: Value,
    offset: usize,
    length: usize,
}

/// Parses `src` as Telegram does; `Err` carries the reason that follows
/// "Bad Request: can't parse entities: ".
pub fn parse(src: &str) -> Result<Parsed, String> {
    let mut parser = Parser {
        src,
        pos: 0,
        text: String::new(),
        utf16: 0,
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut entities = Vec::new();
    while parser.pos < src.len() {
        let rest = &src[parser.pos..];
        let at = parser.pos;
        if rest.starts_with("</") {
            let name = parser.end_tag()?;
            let Some(open) = stack.pop() else {
                return Err(format!("Unexpected end tag at byte offset {at}"));
            };
            if open.name != name {
                return Err(format!(
                    "Unmatched end tag at byte offset {at}, expected \"</{}>\", found \"</{name}>\"",
                    open.name
                ));
            }
            close(open, parser.utf16, stack.last_mut(), &mut entities);
        } else if rest.starts_with('<') {
            let (name, kind) = parser.start_tag()?;
            stack.push(Open {
                name,
                kind,
                start: parser.utf16,
                language: None,
            });
        } else if rest.starts_with('>') {
            return Err(format!(
                "Character \">\" is reserved and must be escaped with \"&gt;\" at byte offset {at}"
            ));
        } else if rest.starts_with('&') {
            let c = parser.entity()?;
            parser.push(c);
        } else {
            let c = rest.chars().next().unwrap_or_default();
            parser.pos += c.len_utf8();
            parser.push(c);
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            open.name
        ));
    }
    entities.sort_by(|a, b| a.offset.cmp(&b.offset).then(b.length.cmp(&a.length)));
    Ok(Parsed {
        text: parser.text,
        entities: entities.into_iter().map(|e| e.value).collect(),
    })
}

/// Ends an entity; empty ones vanish, as in Telegram.
fn close(open: Open, end: usize, parent: Option<&mut Open>, out: &mut Vec<Entity>) {
    let length = end - open.start;
    let value = match open.kind {
        // A `<code class="language-x">` directly inside `<pre>` only names the pre's language.
        Kind::Code(Some(language)) if parent.as_ref().is_some_and(|p| p.name == "pre") => {
            if let Some(pre) = parent {
                pre.language = Some(language);
            }
            return;
        }
        Kind::Code(_) => json!({ "type": "code" }),
        Kind::Simple(kind) => json!({ "type": kind }),
        Kind::Link(Some(url)) => json!({ "type": "text_link", "url": url }),
        Kind::Link(None) => return,
        Kind::Pre(language) => match open.language.or(language) {
            Some(language) => json!({ "type": "pre", "language": language }),
            None => json!({ "type": "pre" }),
        },
        Kind::Blockquote { expandable: false } => json!({ "type": "blockquote" }),
        Kind::Blockquote { expandable: true } => json!({ "type": "expandable_blockquote" }),
        Kind::CustomEmoji(id) => json!({ "type": "custom_emoji", "custom_emoji_id": id }),
    };
    if length == 0 {
        return;
    }
    let mut value = value;
    value["offset"] = json!(open.start);
    value["length"] = json!(length);
    out.push(Entity {
        value,
        offset: open.start,
        length,
    });
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    text: String,
    /// Entity offsets and lengths are counted in UTF-16 code units.
    utf16: usize,
}

impl Parser<'_> {
    fn push(&mut self, c: char) {
        self.text.push(c);
        self.utf16 += c.len_utf16();
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` and numeric references; anything else is an error.
    fn entity(&mut self) -> Result<char, String> {
        let at = self.pos;
        let rest = &self.src[at + 1..];
        let Some(end) = rest.find(';').filter(|&end| end <= 10) else {
            return Err(format!(
                "Character \"&\" must be escaped with \"&amp;\" at byte offset {at}"
            ));
        };
        let name = &rest[..end];
        let c = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            _ => name.strip_prefix('#').and_then(|num| {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None if num.bytes().all(|b| b.is_ascii_digit()) => num.parse().ok(),
                    None => None,
                };
                code.filter(|&c| c != 0).and_then(char::from_u32)
            }),
        };
        match c {
            Some(c) => {
                self.pos = at + 1 + end + 1;
                Ok(c)
            }
            None => Err(format!(
                "Unsupported HTML entity \"&{name};\" at byte offset {at}"
            )),
        }
    }

    fn end_tag(&mut self) -> Result<String, String> {
        let at = self.pos;
        self.pos += 2;
        let name = self.take_while(is_name_byte).to_ascii_lowercase();
        self.skip_spaces();
        if self.peek() != Some(b'>') {
            return Err(format!("Unclosed end tag at byte offset {at}"));
        }
        self.pos += 1;
        Ok(name)
    }

    fn start_tag(&mut self) -> Result<(String, Kind), String> {
        let at = self.pos;
        self.pos += 1;
        let raw_name = self.take_while(|b| !b.is_ascii_whitespace() && b != b'>' && b != b'/');
        let name = raw_name.to_ascii_lowercase();
        if !self.src[self.pos..].contains('>') {
            return Err(format!("Unclosed start tag at byte offset {at}"));
        }
        if !matches!(
            name.as_str(),
            "b" | "strong"
                | "i"
                | "em"
                | "u"
                | "ins"
                | "s"
                | "strike"
                | "del"
                | "span"
                | "tg-spoiler"
                | "a"
                | "code"
                | "pre"
                | "blockquote"
                | "tg-emoji"
        ) {
            return Err(format!(
                "Unsupported start tag \"{name}\" at byte offset {at}"
            ));
        }
        let attributes = self.attributes(at)?;
        let attr = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        let kind = match name.as_str() {
            "b" | "strong" => Kind::Simple("bold"),
            "i" | "em" => Kind::Simple("italic"),
            "u" | "ins" => Kind::Simple("underline"),
            "s" | "strike" | "del" => Kind::Simple("strikethrough"),
            "tg-spoiler" => Kind::Simple("spoiler"),
            "span" => {
                if attr("class").as_deref() != Some("tg-spoiler") {
                    return Err(format!(
                        "Tag \"span\" must have class \"tg-spoiler\" at byte offset {at}"
                    ));
                }
                Kind::Simple("spoiler")
            }
            "a" => Kind::Link(attr("href").and_then(|href| link_url(&href))),
            "code" => Kind::Code(
                attr("class")
                    .and_then(|c| c.strip_prefix("language-").map(str::to_owned))
                    .filter(|l| !l.is_empty()),
            ),
            "pre" => Kind::Pre(None),
            "blockquote" => Kind::Blockquote {
                expandable: attr("expandable").is_some(),
            },
            _ => match attr("emoji-id") {
                Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
                    Kind::CustomEmoji(id)
                }
                _ => {
                    return Err(format!(
                        "Invalid custom emoji identifier at byte offset {at}"
                    ));
                }
            },
        };
        Ok((name, kind))
    }

    /// Reads `key`, `key=value`, `key="value"` and `key='value'` up to the closing `>`.
    fn attributes(&mut self, at: usize) -> Result<Vec<(String, String)>, String> {
        let mut out = Vec::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                None => return Err(format!("Unclosed start tag at byte offset {at}")),
                Some(b'>') => {
                    self.pos += 1;
                    return Ok(out);
                }
                _ => {}
            }
            let key = self.take_while(is_name_byte).to_ascii_lowercase();
            if key.is_empty() {
                return Err(format!(
                    "Empty attribute name in the tag at byte offset {at}"
                ));
            }
            self.skip_spaces();
            if self.peek() != Some(b'=') {
                out.push((key, String::new()));
                continue;
            }
            self.pos += 1;
            self.skip_spaces();
            let value = match self.peek() {
                Some(q @ (b'"' | b'\'')) => {
                    self.pos += 1;
                    let raw = self.take_while(|b| b != q).to_owned();
                    if self.peek() != Some(q) {
                        return Err(format!("Unclosed start tag at byte offset {at}"));
                    }
                    self.pos += 1;
                    decode_attribute(&raw)
                }
                _ => {
                    let raw = self.take_while(|b| !b.is_ascii_whitespace() && b != b'>');
                    decode_attribute(raw)
                }
            };
            out.push((key, value));
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Attribute values may hold the same entities as text; an undecodable one is kept as written.
fn decode_attribute(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    match parse(raw) {
        Ok(parsed) => parsed.text,
        Err(_) => raw.to_owned(),
    }
}

/// Telegram turns a bare host into an http link and drops links it cannot make sense of.
fn link_url(href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    match url::Url::parse(href) {
        Ok(url) => Some(url.to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => url::Url::parse(&format!("http://{href}"))
            .ok()
            .map(|u| u.to_string()),
        Err(_) => None,
    }
}

/// Entities of a customer's own text: a leading `/command` is a bot_command.
pub fn command_entities(text: &str) -> Vec<Value> {
    if !text.starts_with('/') {
        return Vec::new();
    }
    let len: usize = text[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '@')
        .map(char::len_utf16)
        .sum();
    if len == 0 {
        return Vec::new();
    }
    vec![json!({ "type": "bot_command", "offset": 0, "length": len + 1 })]
}

/// Text length as Telegram counts it.
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(src: &str) -> String {
        parse(src).expect(src).text
    }

    #[test]
    fn decodes_entities_and_strips_tags() {
        assert_eq!(
            text("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"),
            "<b>Tom & Jerry</b>"
        );
        assert_eq!(
            text("<b>bold</b> <i>it</i> &#65;&#x42;&quot;"),
            "bold it AB\""
        );
        assert_eq!(text("<a href=\"https://x.org/?a=1&amp;b=2\">x</a>"), "x");
    }

    #[test]
    fn entities_use_utf16_offsets() {
        let parsed = parse("⭐️ <b>Pro</b>").unwrap();
        assert_eq!(
            parsed.entities,
            vec![json!({"type":"bold","offset":3,"length":3})]
        );
    }

    #[test]
    fn pre_takes_language_from_code() {
        let parsed = parse("<pre><code class=\"language-rust\">fn</code></pre>").unwrap();
        assert_eq!(
            parsed.entities,
            vec![json!({"type":"pre","language":"rust","offset":0,"length":2})]
        );
    }

    #[test]
    fn rejects_what_telegram_rejects() {
        for bad in [
            "<b>x",
            "a < b",
            "<foo>x</foo>",
            "<b>x</i>",
            "x</b>",
            "a > b",
            "Tom & Jerry",
            "&nbsp;",
            "<span>x</span>",
            "<br>",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn accepts_all_supported_tags() {
        let src = "<b>a</b><strong>b</strong><i>c</i><em>d</em><u>e</u><ins>f</ins><s>g</s>\
                   <strike>h</strike><del>i</del><span class=\"tg-spoiler\">j</span>\
                   <tg-spoiler>k</tg-spoiler><a href=\"https://t.me\">l</a><code>m</code>\
                   <pre>n</pre><blockquote expandable>o</blockquote>\
                   <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>";
        let parsed = parse(src).unwrap();
        assert_eq!(parsed.entities.len(), 16);
    }

    #[test]
    fn bot_command_entity() {
        assert_eq!(
            command_entities("/start ref_x"),
            vec![json!({"type":"bot_command","offset":0,"length":6})]
        );
        assert!(command_entities("hello").is_empty());
    }
}
