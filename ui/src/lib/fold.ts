// The search boxes' rule for text, the same as the store's (crates/core/src/search.rs): lowercase,
// accents and other marks removed, compatibility forms unified, so `иван` finds `Иван`, `zoe`
// finds `Zoë` and `strasse` finds `Straße`. For lists searched in the window itself.

const SPELLED: Record<string, string> = {
  ß: "ss",
  ẞ: "ss",
  ø: "o",
  Ø: "o",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ı: "i",
  ς: "σ",
};

const MARK = /\p{M}/u;

/** `text` folded for comparison; `й` and `ї` stay letters of their own, as in the store. */
export function fold(text: string): string {
  let out = "";
  for (const c of text) {
    if (c === "й" || c === "Й") {
      out += "й";
      continue;
    }
    if (c === "ї" || c === "Ї") {
      out += "ї";
      continue;
    }
    for (const d of c.normalize("NFKD")) {
      if (MARK.test(d)) continue;
      out += SPELLED[d] ?? d.toLowerCase();
    }
  }
  return out;
}
