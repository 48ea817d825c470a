// Subscriptions and Referrals in German and Russian: the rules' words, plurals, and the sentences
// with a figure inside them.

import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { applyLanguage } from "../i18n";
import { inTime, parseReminderDays } from "../lib/subscriptionRules";
import { payoutAmountProblem, starsWords } from "../lib/referralRules";
import { ReferralsPage } from "../pages/Referrals";
import { SubscriptionsPage } from "../pages/Subscriptions";
import { HowReferralsWork } from "../pages/referrals/Referrers";
import { demoStatus, mockCommands, renderPage } from "./render";
import { payout, referrer } from "./referralData";
import { channel, plan } from "./subscriptionData";

afterEach(() => {
  // Unmounted first: what is still on screen would redraw in English.
  cleanup();
  applyLanguage("en");
});

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test="${name}"]`);

describe("Subscriptions and Referrals in other languages", () => {
  it("say the rules in the language chosen, with its plurals and numbers", () => {
    applyLanguage("ru");
    expect(starsWords(1)).toBe("1 звезда");
    expect(starsWords(3)).toBe("3 звезды");
    expect(starsWords(1200)).toBe("1\u00a0200 звёзд");
    expect(payoutAmountProblem("40", 36, "Gwen")).toBe("Gwen: к выплате доступно 36 звёзд; 40 звёзд — больше этого.");
    expect(inTime(1000 + 3 * 86_400, 1000)).toBe("через 3 дн.");
    applyLanguage("de");
    expect(starsWords(1200)).toBe("1.200 Stars");
    expect(parseReminderDays("3, x")).toEqual({ problem: "Geben Sie ganze Tage durch Kommas getrennt ein, etwa 3, 1." });
    applyLanguage("en");
    expect(starsWords(1200)).toBe("1,200 Stars");
  });

  it("keeps a command inside the sentence that explains referrals", () => {
    applyLanguage("de");
    mockCommands({});
    renderPage(<HowReferralsWork terms={{ percent: 10, months: 1, hold_days: 21 }} />);
    const how = byTest("referrals-how")!;
    expect(how).toHaveTextContent("indem er /referrals an Ihren Bot sendet");
    expect(how.querySelector(".mono")).toHaveTextContent("/referrals");
    // The text is read with its spaces made plain: the no-break space before % reads as one.
    expect(how).toHaveTextContent("10 % für 1 Monat");
    expect(how).toHaveTextContent("wartet 21 Tage");
  });

  it("shows the payouts due in Russian, the Stars inside their sentence", async () => {
    applyLanguage("ru");
    mockCommands({
      bot_status: () => demoStatus,
      referrers_list: () => [referrer()],
      payouts_due: () => [referrer({ invited: 5, buyers: 2, paid: 7 })],
      payouts_list: () => [payout()],
      referral_settings: () => ({ percent: 10, months: 12, hold_days: 21 }),
    });
    renderPage(<ReferralsPage />, { current: { page: "referrals", tab: "payouts" } });
    expect(await screen.findByRole("heading", { name: "Рефералы" })).toBeInTheDocument();
    const row = await screen.findByText("Gwen", { selector: "[data-test='payouts-due'] span" }).then((el) =>
      el.closest<HTMLElement>("[data-test='payout-due-row']")!,
    );
    expect(row).toHaveTextContent("приглашено: 5 человек, купили: 2 · уже выплачено 7");
    expect(row.querySelector(".stars")).toHaveTextContent("7");
    expect(byTest("payouts-due")).toHaveTextContent("1 реферер · 36 звёзд");
  });

  it("shows a channel's rights and its plans in German", async () => {
    applyLanguage("de");
    mockCommands({
      bot_status: () => demoStatus,
      channels_list: () => [channel({ can_ban: false, plans: 2 })],
      plans_list: () => [plan({ channel_ids: [] })],
      expiry_queue: () => ({ due_now: [] }),
    });
    renderPage(<SubscriptionsPage />, { current: { page: "subscriptions", tab: "channels" } });
    const row = await screen.findByText("Insiders").then((el) => el.closest<HTMLElement>("[data-test='channel-row']")!);
    expect(row).toHaveTextContent("darf einladen · darf nicht sperren");
    expect(row).toHaveTextContent("Gewährt von 2 Tarifen");
    expect(byTest("channel-problem")).toHaveTextContent("Der Bot darf in Insiders niemanden sperren");
    expect(screen.getByText("Administratoren → Administrator hinzufügen").tagName).toBe("STRONG");
    expect(screen.getByText("@stardesk_demo_bot").tagName).toBe("STRONG");
  });
});
