import { describe, expect, it } from "vitest";
import { LANGUAGES, NAMESPACES } from "../i18n";

const files = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json", { eager: true });

/** Every key of a namespace, nested keys joined with dots. */
function keys(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** A key without its plural ending: German and Russian have other plural forms than English. */
const stem = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, "");

function load(language: string, ns: string) {
  const file = files[`../locales/${language}/${ns}.json`];
  expect(file, `${language}/${ns}.json`).toBeDefined();
  return file.default;
}

describe("the window's languages", () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: German and Russian say everything English says, with the same placeholders`, () => {
      const en = load("en", ns);
      const enKeys = new Set(keys(en).map(stem));
      for (const language of LANGUAGES.filter((l) => l !== "en")) {
        const other = load(language, ns);
        const otherKeys = new Set(keys(other).map(stem));
        expect([...enKeys].filter((k) => !otherKeys.has(k)), `missing in ${language}/${ns}`).toEqual([]);
        expect([...otherKeys].filter((k) => !enKeys.has(k)), `unknown in ${language}/${ns}`).toEqual([]);
        const value = (tree: Record<string, unknown>, key: string): string => {
          const direct = key.split(".").reduce<unknown>((t, k) => (t as Record<string, unknown>)?.[k], tree);
          if (typeof direct === "string") return direct;
          const forms = keys(tree).filter((k) => stem(k) === key);
          return forms.map((k) => value(tree, k)).join(" ");
        };
        for (const key of enKeys) {
          const placeholders = (s: string) => new Set([...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).filter((p) => p !== "count"));
          const want = placeholders(value(en, key));
          const got = placeholders(value(other, key));
          expect([...want].filter((p) => !got.has(p)), `${language}/${ns}:${key} placeholders`).toEqual([]);
        }
      }
    });
  }
});
