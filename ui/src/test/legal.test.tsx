import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Legal } from "../bindings/Legal";
import type { LegalDraft } from "../bindings/LegalDraft";
import { actionWords } from "../pages/Audit";
import { SettingsPage } from "../pages/Settings";
import { demoStatus, mockCommands, renderPage } from "./render";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A shop that keeps the seller's details as the core does: trimmed, judged, and sent with /terms. */
function shop(start: Legal) {
  let held = { ...start };
  let terms = "Terms of sale.";
  const calls = mockCommands({
    bot_status: () => demoStatus,
    bot_keychain: () => ({ available: true, reason: null }),
    settings_texts: () =>
      [
        { key: "welcome", body: "Welcome!" },
        { key: "terms", body: terms },
        { key: "refunds", body: "Refunds within 14 days." },
        { key: "paysupport", body: "Support." },
        { key: "help", body: "Help." },
      ].map((t) => ({ ...t, lang: "en", custom: false, from_english: false })),
    settings_text_uses: () => [],
    settings_set_text: (a) => {
      if (a.key === "terms" || a.key === "refunds") held = { ...held, version: held.version + 1, accepted: 0 };
      if (a.key === "terms") terms = a.body as string;
      return null;
    },
    settings_notifications: () => true,
    legal_get: () => held,
    legal_set: (a) => {
      const d = a.draft as LegalDraft;
      const clean = { ...d, seller_name: d.seller_name.trim(), seller_contact: d.seller_contact.trim(), seller_address: d.seller_address.trim() };
      if ([clean.seller_name, clean.seller_contact, clean.seller_address].some((s) => [...s].length > 300)) {
        return Promise.reject({ code: "invalid", message: "The address or registration is too long: at most 300 characters." });
      }
      if (clean.require_acceptance && !clean.seller_name) {
        return Promise.reject({ code: "invalid", message: "Enter the seller's name before asking customers to accept the terms." });
      }
      held = { ...held, ...clean };
      return held;
    },
    legal_preview: () => {
      const seller = [held.seller_name, held.seller_contact, held.seller_address].filter(Boolean);
      return (
        `${terms}\n\n<b>Refunds</b>\nRefunds within 14 days.` +
        (seller.length ? `\n\n<b>Seller</b>\n${escape(seller.join("\n"))}` : "") +
        `\n\n<i>Terms version ${held.version}</i>`
      );
    },
  });
  return { calls, held: () => held };
}

const start: Legal = { version: 3, accepted: 2, seller_name: "", seller_contact: "", seller_address: "", require_acceptance: false };

async function card() {
  const name = await screen.findByLabelText(/^Seller's name/);
  return { name, section: name.closest("[data-test='legal-settings']") as HTMLElement };
}

describe("Settings · terms and seller", () => {
  it("shows the version and the /terms message, refuses acceptance without a name, and saves what was typed", async () => {
    const { calls } = shop(start);
    const sent = () => calls.filter((c) => c.cmd === "legal_set").map((c) => c.args.draft);
    const previews = () => calls.filter((c) => c.cmd === "legal_preview").length;
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const { name, section } = await card();
    expect(within(section).getByRole("heading", { name: "Terms and seller" })).toBeInTheDocument();
    expect(within(section).getByText("Terms version 3 · accepted by 2 customers")).toBeInTheDocument();
    expect(section).toHaveTextContent(/Changing the terms or the refund policy text .* makes a new version.* asked again/);
    const preview = await within(section).findByLabelText("Preview of /terms");
    await waitFor(() => expect(preview).toHaveTextContent("Terms version 3"));
    // Telegram's formatting drawn as elements, never the tags as text.
    expect([...preview.querySelectorAll("b")].map((b) => b.textContent)).toEqual(["Refunds"]);
    expect(preview).not.toHaveTextContent("<b>");
    expect(preview).not.toHaveTextContent("Seller");
    const save = within(section).getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();

    // Acceptance without a name: the core's words, the switch left as typed.
    const acceptance = within(section).getByRole("switch", { name: "Customers accept the terms before their first purchase" });
    expect(acceptance).toHaveAttribute("aria-checked", "false");
    await user.click(acceptance);
    expect(acceptance).toHaveAttribute("aria-checked", "true");
    await user.click(save);
    expect(await within(section).findByRole("alert")).toHaveTextContent("Enter the seller's name before asking customers to accept the terms.");
    expect(sent()).toEqual([{ seller_name: "", seller_contact: "", seller_address: "", require_acceptance: true }]);
    expect(acceptance).toHaveAttribute("aria-checked", "true");

    // Typing clears the refusal; what was typed is what is sent.
    await user.type(name, "Doe Digital <Ltd>");
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    await user.type(within(section).getByLabelText(/^Contact/), "@doe_digital");
    await user.type(within(section).getByLabelText(/^Address or registration/), "Company no. 0123");
    expect(within(section).getByText("17/300")).toBeInTheDocument();
    const before = previews();
    await user.click(save);
    expect(await screen.findByText("Terms and seller saved")).toBeInTheDocument();
    expect(sent().at(-1)).toEqual({
      seller_name: "Doe Digital <Ltd>",
      seller_contact: "@doe_digital",
      seller_address: "Company no. 0123",
      require_acceptance: true,
    });
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    await waitFor(() => expect(save).toBeDisabled());
    // The preview is asked again: the seller's details as text, a name's "<" never markup.
    await waitFor(() => expect(previews()).toBeGreaterThan(before));
    await waitFor(() => expect(preview).toHaveTextContent("Doe Digital <Ltd>"));
    expect(preview).toHaveTextContent("@doe_digital");
    expect([...preview.querySelectorAll("b")].map((b) => b.textContent)).toEqual(["Refunds", "Seller"]);
    expect(preview.querySelector("ltd")).toBeNull();
  });

  it("shows the core's refusal of a detail that is too long, and undoes changes", async () => {
    const { calls } = shop({ ...start, seller_name: "Jane Doe", seller_address: "1 Main St" });
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const { name, section } = await card();
    await waitFor(() => expect(name).toHaveValue("Jane Doe"));
    const address = within(section).getByLabelText(/^Address or registration/);
    expect(address).toHaveValue("1 Main St");
    fireEvent.change(address, { target: { value: "x".repeat(301) } });
    expect(within(section).getByText("301/300")).toBeInTheDocument();
    await user.click(within(section).getByRole("button", { name: "Save" }));
    expect(await within(section).findByRole("alert")).toHaveTextContent("The address or registration is too long: at most 300 characters.");
    expect(calls.filter((c) => c.cmd === "legal_set")).toHaveLength(1);
    expect(address).toHaveValue("x".repeat(301));

    await user.click(within(section).getByRole("button", { name: "Undo changes" }));
    expect(address).toHaveValue("1 Main St");
    expect(within(section).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("names the refund policy text as sent with /terms, and a change of it shows the new version", async () => {
    const { calls } = shop(start);
    const user = userEvent.setup();
    renderPage(<SettingsPage />, { current: { page: "settings" } });
    const { section } = await card();
    await waitFor(() => expect(within(section).getByText("Terms version 3 · accepted by 2 customers")).toBeInTheDocument());
    const tab = screen.getByRole("tab", { name: "Refund policy (sent with /terms)" });
    await user.click(tab);
    const box = await screen.findByLabelText(/^Refund policy \(sent with \/terms\)/);
    expect(box).toHaveValue("Refunds within 14 days.");
    expect(screen.getByText(/Sent with \/terms, after the terms and before the seller's details/)).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, "Refunds within 30 days.");
    const texts = document.querySelector("[data-test='bot-texts']") as HTMLElement;
    await user.click(within(texts).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "settings_set_text")?.args).toEqual({ key: "refunds", lang: "en", body: "Refunds within 30 days." }),
    );
    expect(await within(section).findByText("Terms version 4 · accepted by 0 customers")).toBeInTheDocument();
    await waitFor(() => expect(within(section).getByLabelText("Preview of /terms")).toHaveTextContent("Terms version 4"));
  });

  it("names the trail's new lines", () => {
    expect(actionWords("legal.seller")).toBe("Seller details");
    expect(actionWords("legal.acceptance")).toBe("Terms acceptance");
    expect(actionWords("settings.limits")).toBe("Limits against abuse");
    expect(actionWords("customer.trust")).toBe("Customer trusted");
  });
});
