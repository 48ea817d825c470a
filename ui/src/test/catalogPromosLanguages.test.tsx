// Catalog and Promo codes in German and Russian: the words, the plural forms, and the sentences
// with a piece of markup inside, which read the same in English as before.

import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { applyLanguage } from "../i18n";
import { priceProblem } from "../lib/productRules";
import { discountPlain, discountWords, promoState, usesWords } from "../lib/promoRules";
import { CatalogPage } from "../pages/Catalog";
import { PromosPage } from "../pages/Promos";
import { promo } from "./referralData";
import { demoStatus, mockCommands, product, renderPage } from "./render";
import { plan } from "./subscriptionData";

afterEach(() => {
  // Unmounted first: a page still open would redraw outside the test.
  cleanup();
  applyLanguage("en");
});

const byTest = (root: ParentNode, name: string) => root.querySelector<HTMLElement>(`[data-test="${name}"]`);

function mockPromos() {
  return mockCommands({
    bot_status: () => demoStatus,
    promos_list: () => [promo(), promo({ id: 5, code: "BOOKS25", percent_off: null, stars_off: 25, uses: 2 })],
    catalog_list: () => [product()],
    plans_list: () => [plan()],
    promos_generate: () => ({ batch: "SPRING1764000000", codes: Array.from({ length: 21 }, (_, i) => `SPRING${String(i).padStart(8, "A")}`) }),
  });
}

/** Generates 21 codes of 15 Stars off and returns the result's summary. */
async function generate(words: { starsOff: string; run: RegExp; done: string }) {
  const user = userEvent.setup();
  renderPage(<PromosPage />, { current: { page: "promos" } });
  await screen.findByText("WELCOME10");
  await user.click(byTest(document, "promo-generate")!);
  const dialog = await screen.findByRole("dialog");
  await user.clear(byTest(dialog, "promo-count")!);
  await user.type(byTest(dialog, "promo-count")!, "21");
  await user.click(within(dialog).getByRole("button", { name: words.starsOff }));
  await user.type(byTest(dialog, "promo-amount")!, "15");
  expect(byTest(dialog, "promo-generate-run")).toHaveTextContent(words.run);
  await user.click(byTest(dialog, "promo-generate-run")!);
  return byTest(await screen.findByRole("dialog", { name: words.done }), "promo-batch")!;
}

describe("Catalog and Promo codes in other languages", () => {
  it("say the rules' messages in the window's language", () => {
    applyLanguage("de");
    expect(priceProblem("0")).toBe("Der Preis muss eine ganze Zahl von 1 bis 10.000 Stars sein.");
    expect(promoState(promo({ active: false }), 0).label).toBe("Inaktiv");
    applyLanguage("ru");
    expect(promoState(promo({ active: false }), 0)).toMatchObject({ state: "inactive", label: "Неактивен" });
    expect(discountWords({ percent_off: 10, stars_off: null })).toBe("−10%");
    expect(discountPlain({ percent_off: null, stars_off: 1 })).toBe("−1 звезда");
    expect(discountPlain({ percent_off: null, stars_off: 3 })).toBe("−3 звезды");
    expect(discountPlain({ percent_off: null, stars_off: 25 })).toBe("−25 звёзд");
    expect(usesWords({ uses: 3, max_uses: null })).toBe("3 / без лимита");
  });

  it("lists products in Russian", async () => {
    applyLanguage("ru");
    mockCommands({
      catalog_list: () => [product({ id: 7, title: "Game key", kind: "code", stock_left: 3 })],
      bot_status: () => demoStatus,
    });
    renderPage(<CatalogPage />);
    expect(await screen.findByText("Game key")).toBeInTheDocument();
    expect(screen.getByText("3 шт.")).toBeInTheDocument();
    expect(screen.getByText("Пул кодов")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Коды товара Game key" })).toBeInTheDocument();
  });

  it("counts promo codes and uses with Russian plural forms", async () => {
    applyLanguage("ru");
    mockPromos();
    renderPage(<PromosPage />, { current: { page: "promos" } });
    await screen.findByText("WELCOME10");
    expect(byTest(document, "promos-count")).toHaveTextContent("2 промокода · всего 5 использований");
  });

  it("keeps the English summary of a generated batch as it was", async () => {
    mockPromos();
    const batch = await generate({ starsOff: "Stars off", run: /^Generate 21 codes$/, done: "Codes generated" });
    expect(batch).toHaveTextContent("21 codes in batch SPRING1764000000");
    expect(batch).toHaveTextContent(
      "15 ⭐ off, each usable once by one customer. Export the batch to hand the codes out; it stays listed under Promo codes.",
    );
    expect(within(batch).getByText("SPRING1764000000")).toHaveClass("mono");
  });

  it("says a generated batch in German", async () => {
    applyLanguage("de");
    mockPromos();
    const batch = await generate({ starsOff: "Stars", run: /^21 Codes erzeugen$/, done: "Codes erzeugt" });
    expect(batch).toHaveTextContent("21 Codes in Serie SPRING1764000000");
    expect(batch).toHaveTextContent("15 ⭐ Rabatt, jeder Code einmal von einem Kunden einlösbar.");
  });

  it("says a generated batch in Russian", async () => {
    applyLanguage("ru");
    mockPromos();
    const batch = await generate({ starsOff: "Звёзды", run: /^Создать 21 промокод$/, done: "Промокоды созданы" });
    expect(batch).toHaveTextContent("21 промокод в пакете SPRING1764000000");
    expect(batch).toHaveTextContent("−15 ⭐, каждый код — на одно использование одним покупателем.");
    expect(within(batch).getByText("SPRING1764000000")).toHaveClass("mono");
  });
});
