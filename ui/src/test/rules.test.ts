import { describe, expect, it } from "vitest";
import { ago, initials, localDayStart } from "../lib/format";
import {
  PRICE_MESSAGE,
  channelChoiceProblem,
  chunkLines,
  contentProblem,
  deepLink,
  priceProblem,
  titleProblem,
} from "../lib/productRules";

describe("product rules", () => {
  it("refuses prices outside 1–10,000 with the reason", () => {
    expect(priceProblem("0")).toBe(PRICE_MESSAGE);
    expect(priceProblem("10001")).toBe(PRICE_MESSAGE);
    expect(priceProblem("2.5")).toBe(PRICE_MESSAGE);
    expect(priceProblem("")).toBe(PRICE_MESSAGE);
    expect(priceProblem("1")).toBeNull();
    expect(priceProblem(" 10000 ")).toBeNull();
  });

  it("says the same as core about titles and texts", () => {
    expect(titleProblem("  ")).toBe("Give the product a title.");
    expect(titleProblem("x".repeat(33))).toMatch(/at most 32 characters/);
    expect(titleProblem("Game key")).toBeNull();
    expect(contentProblem("text", "")).toMatch(/Write the text/);
    expect(contentProblem("code", "")).toBeNull();
    expect(contentProblem("channel", "")).toBeNull();
    expect(channelChoiceProblem("channel", "")).toBe("Choose the channel buyers join.");
    expect(channelChoiceProblem("channel", "-100")).toBeNull();
    expect(channelChoiceProblem("text", "")).toBeNull();
  });

  it("builds the deep link that opens a product's card", () => {
    expect(deepLink("my_shop_bot", 42)).toBe("https://t.me/my_shop_bot?start=p_42");
  });

  it("splits an import into chunks of lines", () => {
    expect(chunkLines("a\nb\nc\n", 2)).toEqual(["a\nb", "c"]);
    expect(chunkLines("a\r\n\r\nb", 10)).toEqual(["a\n\nb"]);
  });
});

describe("formatting", () => {
  it("says how long ago", () => {
    const now = 1_000_000 * 1000;
    expect(ago(1_000_000 - 3, now)).toBe("just now");
    expect(ago(1_000_000 - 125, now)).toBe("2 min ago");
    expect(ago(1_000_000 - 7200, now)).toBe("2 h ago");
  });

  it("makes initials and reads date inputs", () => {
    expect(initials("anna maria lee")).toBe("AM");
    expect(initials("")).toBe("");
    expect(localDayStart("2026-03-01")).toBe(new Date(2026, 2, 1).getTime() / 1000);
    expect(localDayStart("nope")).toBeNull();
  });
});
