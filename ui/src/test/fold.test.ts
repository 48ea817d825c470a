import { describe, expect, it } from "vitest";
import type { Referrer } from "../bindings/Referrer";
import { fold } from "../lib/fold";
import { referrerView } from "../pages/referrals/Referrers";

describe("search folding in the window", () => {
  it("folds case and accents as the store does", () => {
    expect(fold("Иван")).toBe("иван");
    expect(fold("ИВАН")).toBe(fold("иван"));
    expect(fold("Zoë")).toBe("zoe");
    expect(fold("José ÅSTRÖM")).toBe("jose astrom");
    expect(fold("Straße")).toBe("strasse");
    expect(fold("Алёна")).toBe(fold("Алена"));
    expect(fold("Søren Łukasz")).toBe("soren lukasz");
    expect(fold("ΟΔΥΣΣΕΥΣ")).toBe(fold("οδυσσευς"));
    expect(fold("İstanbul")).toBe("istanbul");
    expect(fold("ﬁle Ｚoe")).toBe("file zoe");
    expect(fold("b_100%")).toBe("b_100%");
  });

  it("keeps й and ї letters of their own", () => {
    expect(fold("Андрей")).toBe("андрей");
    expect(fold("Андрей")).not.toBe(fold("Андреи"));
    expect(fold("Їжак")).toBe("їжак");
  });

  it("finds a referrer by name or username in any case and accent", () => {
    const r = (id: number, name: string, username: string | null) => ({ customer_id: id, name, username }) as unknown as Referrer;
    const byName = { key: "name", descending: false };
    const rows = [r(1, "Zoë", "zoe_reads"), r(2, "Иван", null), r(3, "Bob", "bob")];
    expect(referrerView(rows, "zoe", byName).map((x) => x.customer_id)).toEqual([1]);
    expect(referrerView(rows, "ИВАН", byName).map((x) => x.customer_id)).toEqual([2]);
    expect(referrerView(rows, "@BOB", byName).map((x) => x.customer_id)).toEqual([3]);
  });
});
