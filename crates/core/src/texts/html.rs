//! The formatting a merchant may use in the bot's texts: a safe part of Telegram's HTML.
//!
//! Allowed: `<b>` (`<strong>`), `<i>` (`<em>`), `<u>` (`<ins>`), `<s>` (`<strike>`, `<del>`),
//! `<a href="…">` to an `https://`, `http://` or `tg://` address, and `<code>`. Tags are closed in
//! the reverse order they were opened; `&lt; &gt; &amp; &quot;` and numeric references like
//! `&#8364;` are the only entities; a `<`, `>` or `&` shown as it is must be written as one. A text
//! that passes here is one Telegram parses, and the message names the first problem and its line.

/// A text checked as Telegram's HTML: what the customer reads, tags taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub text: String,
}

impl Checked {
    /// Length as Telegram counts it after parsing: UTF-16 code units.
    pub fn len(&self) -> usize {
        super::utf16_len(&self.text)
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The tags the merchant may use, with the name the message gives them.
fn tag_word(name: &str) -> Option<&'static str> {
    Some(match name {
        "b" | "strong" => "bold",
        "i" | "em" => "italic",
        "u" | "ins" => "underline",
        "s" | "strike" | "del" => "strikethrough",
        "a" => "link",
        "code" => "code",
        _ => return None,
    })
}

const ALLOWED: &str =
    "<b>, <i>, <u>, <s>, <a href=\"https://…\"> and <code> (write &lt; for a < shown as it is)";

struct Open {
    name: String,
    line: usize,
}

/// Checks `src` against Telegram's HTML rules and the bot's allowed tags.
pub fn check(src: &str) -> Result<Checked, String> {
    let mut text = String::new();
    let mut stack: Vec<Open> = Vec::new();
    let bytes = src.as_bytes();
    let mut pos = 0;
    let line_at = |at: usize| src[..at].matches('\n').count() + 1;
    while pos < src.len() {
        let at = pos;
        let line = line_at(at);
        match bytes[pos] {
            b'<' if bytes.get(pos + 1) == Some(&b'/') => {
                let (name, end) =
                    read_end_tag(src, pos).map_err(|e| format!("Line {line}: {e}"))?;
                pos = end;
                match stack.pop() {
                    None => {
                        return Err(format!(
                            "Line {line}: </{name}> closes nothing: there is no <{name}> open before it."
                        ));
                    }
                    Some(open) if open.name != name => {
                        return Err(if stack.iter().any(|o| o.name == name) {
                            format!(
                                "Line {line}: </{name}> comes before </{0}>: close tags in the reverse \
                                 order they were opened, as in <b><i>…</i></b> (<{0}> opened on line {1}).",
                                open.name, open.line
                            )
                        } else {
                            format!(
                                "Line {line}: </{name}> closes nothing: <{}> (line {}) is the tag open there.",
                                open.name, open.line
                            )
                        });
                    }
                    Some(_) => {}
                }
            }
            b'<' if bytes.get(pos + 1).is_some_and(|b| b.is_ascii_alphabetic()) => {
                let (name, href, end) =
                    read_start_tag(src, pos).map_err(|e| format!("Line {line}: {e}"))?;
                pos = end;
                if let Some(code) = stack.iter().find(|o| o.name == "code") {
                    return Err(format!(
                        "Line {line}: nothing can be formatted inside <code> (opened on line {}): \
                         close it with </code> first.",
                        code.line
                    ));
                }
                if name == "code" && stack.iter().any(|o| o.name == "a") {
                    return Err(format!("Line {line}: a link cannot hold <code>."));
                }
                if name == "a" {
                    if stack.iter().any(|o| o.name == "a") {
                        return Err(format!("Line {line}: a link cannot hold another link."));
                    }
                    check_href(href.as_deref()).map_err(|e| format!("Line {line}: {e}"))?;
                }
                stack.push(Open { name, line });
            }
            b'<' => {
                return Err(format!(
                    "Line {line}: a < that starts no tag must be written &lt;."
                ));
            }
            b'>' => {
                return Err(format!(
                    "Line {line}: a > that ends no tag must be written &gt;."
                ));
            }
            b'&' => {
                let (c, end) = read_entity(src, pos).map_err(|e| format!("Line {line}: {e}"))?;
                text.push(c);
                pos = end;
            }
            _ => {
                let c = src[pos..].chars().next().unwrap_or_default();
                text.push(c);
                pos += c.len_utf8();
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!(
            "Line {}: <{}> is not closed: add </{}> where the {} text ends.",
            open.line,
            open.name,
            open.name,
            tag_word(&open.name).unwrap_or("formatted")
        ));
    }
    Ok(Checked { text })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn take_while(src: &str, mut pos: usize, f: impl Fn(u8) -> bool) -> usize {
    while src.as_bytes().get(pos).is_some_and(|&b| f(b)) {
        pos += 1;
    }
    pos
}

fn read_end_tag(src: &str, at: usize) -> Result<(String, usize), String> {
    let start = at + 2;
    let end = take_while(src, start, is_name_byte);
    let name = src[start..end].to_ascii_lowercase();
    let after = take_while(src, end, |b| b.is_ascii_whitespace());
    if name.is_empty() || src.as_bytes().get(after) != Some(&b'>') {
        return Err(format!(
            "the closing tag \"{}\" is not finished with >.",
            snippet(&src[at..])
        ));
    }
    if tag_word(&name).is_none() {
        return Err(format!(
            "</{name}> is not a tag the bot can use: use {ALLOWED}."
        ));
    }
    Ok((name, after + 1))
}

/// Reads `<name attr="value" …>`; returns the name, its href (for `<a>`) and where it ends.
fn read_start_tag(src: &str, at: usize) -> Result<(String, Option<String>, usize), String> {
    let bytes = src.as_bytes();
    let start = at + 1;
    let end = take_while(src, start, is_name_byte);
    let name = src[start..end].to_ascii_lowercase();
    if tag_word(&name).is_none() {
        return Err(format!(
            "<{name}> is not a tag the bot can use: use {ALLOWED}."
        ));
    }
    let unfinished = || {
        format!(
            "the tag \"{}\" is not finished with >.",
            snippet(&src[at..])
        )
    };
    let mut pos = end;
    let mut href = None;
    loop {
        let spaced = take_while(src, pos, |b| b.is_ascii_whitespace());
        match bytes.get(spaced) {
            None => return Err(unfinished()),
            Some(b'>') => return Ok((name, href, spaced + 1)),
            Some(_) if spaced == pos => return Err(unfinished()),
            Some(_) => {}
        }
        pos = spaced;
        let key_end = take_while(src, pos, is_name_byte);
        if key_end == pos {
            return Err(unfinished());
        }
        let key = src[pos..key_end].to_ascii_lowercase();
        if name != "a" || key != "href" {
            return Err(if name == "a" {
                format!("<a> takes only an address: <a href=\"https://…\">, not \"{key}\".")
            } else {
                format!("<{name}> takes nothing inside the brackets: write <{name}> alone.")
            });
        }
        pos = take_while(src, key_end, |b| b.is_ascii_whitespace());
        if bytes.get(pos) != Some(&b'=') {
            return Err("<a> needs an address: <a href=\"https://…\">.".to_string());
        }
        pos = take_while(src, pos + 1, |b| b.is_ascii_whitespace());
        let raw = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => {
                let value_start = pos + 1;
                let value_end = take_while(src, value_start, |b| b != q);
                if bytes.get(value_end) != Some(&q) {
                    return Err(unfinished());
                }
                pos = value_end + 1;
                &src[value_start..value_end]
            }
            _ => {
                let value_end = take_while(src, pos, |b| !b.is_ascii_whitespace() && b != b'>');
                let raw = &src[pos..value_end];
                pos = value_end;
                raw
            }
        };
        href = Some(decode_attribute(raw)?);
    }
}

/// A link's address: `https://`, `http://` or `tg://` with something after it.
fn check_href(href: Option<&str>) -> Result<(), String> {
    let Some(href) = href.map(str::trim).filter(|h| !h.is_empty()) else {
        return Err("<a> needs an address: <a href=\"https://…\">.".into());
    };
    let lower = href.to_ascii_lowercase();
    let ok = ["https://", "http://", "tg://"]
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len())
        && !href.chars().any(|c| c.is_whitespace() || c.is_control());
    if !ok {
        return Err(format!(
            "the link \"{}\" cannot be used: an address starts with https://, http:// or tg:// \
             and has no spaces.",
            snippet(href)
        ));
    }
    Ok(())
}

fn decode_attribute(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut pos = 0;
    while pos < raw.len() {
        if raw.as_bytes()[pos] == b'&' {
            let (c, end) = read_entity(raw, pos)?;
            out.push(c);
            pos = end;
        } else {
            let c = raw[pos..].chars().next().unwrap_or_default();
            out.push(c);
            pos += c.len_utf8();
        }
    }
    Ok(out)
}

/// `&lt; &gt; &amp; &quot;` and `&#…;` / `&#x…;`; anything else is refused.
fn read_entity(src: &str, at: usize) -> Result<(char, usize), String> {
    let rest = &src[at + 1..];
    let bare = || {
        "a & shown as it is must be written &amp; (the text may use &lt; &gt; &amp; &quot; \
         and numeric ones like &#8364;)."
            .to_string()
    };
    let Some(end) = rest.find(';').filter(|&end| {
        end > 0
            && end <= 10
            && rest[..end]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'#')
    }) else {
        return Err(bare());
    };
    let name = &rest[..end];
    let c = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => match name.strip_prefix('#') {
            Some(num) => {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) if !hex.is_empty() => u32::from_str_radix(hex, 16).ok(),
                    Some(_) => None,
                    None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => {
                        num.parse().ok()
                    }
                    None => None,
                };
                match code.filter(|&c| c != 0).and_then(char::from_u32) {
                    Some(c) => Some(c),
                    None => {
                        return Err(format!(
                            "&{name}; is not a character: a number like &#8364; names one."
                        ));
                    }
                }
            }
            None => None,
        },
    };
    match c {
        Some(c) => Ok((c, at + 1 + end + 1)),
        None => Err(format!(
            "&{name}; is not understood by Telegram: it knows only &lt; &gt; &amp; &quot; and \
             numeric ones like &#8364;; write &amp; for a & shown as it is."
        )),
    }
}

/// The start of a piece of text, short enough to quote in a message.
fn snippet(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    let cut: String = line.chars().take(24).collect();
    if cut.len() < line.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        check(src).expect_err(src)
    }

    #[test]
    fn the_allowed_tags_and_entities_pass() {
        let ok = [
            "Plain words",
            "<b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u> <ins>ins</ins>",
            "<s>s</s> <strike>strike</strike> <del>del</del> <code>x &lt; y</code>",
            "<b>bold <i>and italic</i></b>",
            "<a href=\"https://example.com/a?b=1&amp;c=2\">site</a> <a href='tg://resolve?domain=x'>me</a>",
            "<a href=http://example.com>bare</a>",
            "5 &lt; 6 &gt; 4 &amp; &quot;quoted&quot; &#8364; &#x1F600;",
            "<B>upper case</B>",
            "Line one\nLine <b>two</b>\n",
            "<a href=\"https://x.io\"><b>bold link</b></a>",
        ];
        for src in ok {
            assert!(check(src).is_ok(), "{src}: {:?}", check(src));
        }
        assert_eq!(check("<b>5 &lt; 6</b> &#8364;").unwrap().text, "5 < 6 €");
    }

    #[test]
    fn each_problem_is_named_with_its_line() {
        assert_eq!(
            err("Hello\n<b>world"),
            "Line 2: <b> is not closed: add </b> where the bold text ends."
        );
        assert!(err("<b><i>x</b></i>").starts_with("Line 1: </b> comes before </i>"));
        assert_eq!(
            err("a\nb</i>"),
            "Line 2: </i> closes nothing: there is no <i> open before it."
        );
        assert!(
            err("x\ny\n<div>z</div>").starts_with("Line 3: <div> is not a tag the bot can use")
        );
        assert!(err("<span class=\"tg-spoiler\">x</span>").contains("<span> is not a tag"));
        assert_eq!(
            err("I <3 you"),
            "Line 1: a < that starts no tag must be written &lt;."
        );
        assert_eq!(
            err("a > b"),
            "Line 1: a > that ends no tag must be written &gt;."
        );
        assert!(err("Tom & Jerry").starts_with("Line 1: a & shown as it is must be written &amp;"));
        assert!(err("&nbsp;").starts_with("Line 1: &nbsp; is not understood by Telegram"));
        assert!(err("&#0;").contains("is not a character"));
        assert!(err("&#xD800;").contains("is not a character"));
        assert_eq!(
            err("<a>x</a>"),
            "Line 1: <a> needs an address: <a href=\"https://…\">."
        );
        assert!(err("<a href=\"javascript:alert(1)\">x</a>").contains("cannot be used"));
        assert!(err("<a href=\"ftp://x\">x</a>").contains("cannot be used"));
        assert!(err("<a href=\"https://\">x</a>").contains("cannot be used"));
        assert!(
            err("<a href=\"https://x\" target=\"_blank\">x</a>").contains("takes only an address")
        );
        assert!(err("<b class=\"x\">x</b>").contains("<b> takes nothing inside the brackets"));
        assert!(err("<b>x").contains("not closed"));
        assert!(err("<a href=\"https://x").contains("not finished with >"));
        assert!(err("<b").contains("not finished with >"));
        assert!(err("</b").contains("not finished with >"));
        assert!(err("<code><b>x</b></code>").contains("nothing can be formatted inside <code>"));
        assert!(
            err("<a href=\"https://a\"><a href=\"https://b\">x</a></a>")
                .contains("cannot hold another link")
        );
        assert!(err("<b>x</i>").contains("</i> closes nothing"));
        assert_eq!(
            err("x\n\n<br>"),
            format!("Line 3: <br> is not a tag the bot can use: use {ALLOWED}.")
        );
    }

    #[test]
    fn the_length_is_the_text_after_parsing() {
        let c = check("<b>🎉</b> &amp;").unwrap();
        assert_eq!(c.text, "🎉 &");
        assert_eq!(c.len(), 4);
        assert!(check("<b> </b>").unwrap().is_empty());
    }
}

#[cfg(test)]
mod saving {
    use crate::{
        audit::Who,
        db::Store,
        settings::{self, TEXT_KEYS},
        texts::Lang,
    };

    #[test]
    fn every_built_in_text_is_valid_html() {
        for lang in Lang::ALL {
            for key in TEXT_KEYS {
                let body = crate::texts::default_text(lang, key);
                let body = body.as_str();
                assert!(
                    super::check(body).is_ok(),
                    "{lang} {key}: {:?}",
                    super::check(body)
                );
                assert_eq!(crate::texts::merchant_html(body), body, "{lang} {key}");
            }
        }
    }

    #[tokio::test]
    async fn a_text_is_saved_only_with_valid_formatting() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
        let who = Who::stardeskd();
        let e = settings::set_text(&store, &who, "terms", Lang::En, "Our terms\n<b>No refunds")
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Line 2: <b> is not closed: add </b> where the bold text ends."
        );
        assert_eq!(
            settings::text(&store.read, "terms", Lang::En)
                .await
                .unwrap(),
            crate::texts::default_text(Lang::En, "terms")
        );
        let e = settings::set_text(&store, &who, "help", Lang::En, "<i> </i>")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("nothing to read"), "{e}");
        // The shop keeps the text with its tags: 3,000 characters in all.
        let long = "<b>x</b>".repeat(375);
        settings::set_text(&store, &who, "help", Lang::En, &long)
            .await
            .unwrap();
        let e = settings::set_text(&store, &who, "help", Lang::En, &format!("{long}!"))
            .await
            .unwrap_err();
        assert!(e.to_string().contains("too long"), "{e}");
        settings::set_text(&store, &who, "welcome", Lang::En, "<b>Hi</b> &amp; welcome")
            .await
            .unwrap();
        assert_eq!(
            settings::text(&store.read, "welcome", Lang::En)
                .await
                .unwrap(),
            "<b>Hi</b> &amp; welcome"
        );
    }

    #[test]
    fn a_text_kept_from_before_formatting_is_shown_as_typed() {
        assert_eq!(
            crate::texts::merchant_html("Tom & Jerry <3"),
            "Tom &amp; Jerry &lt;3"
        );
        assert_eq!(crate::texts::merchant_html("<b>Hi</b>"), "<b>Hi</b>");
    }
}
