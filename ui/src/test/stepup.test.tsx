import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RefundPolicy } from "../bindings/RefundPolicy";
import type { StepUpStatus } from "../bindings/StepUpStatus";
import { SettingsPage } from "../pages/Settings";
import { RefundPolicySection } from "../pages/settings/RefundPolicy";
import { StepUpSection } from "../pages/settings/StepUp";
import { TemplatesSection } from "../pages/settings/Templates";
import { demoStatus, mockCommands, renderPage } from "./render";

const off: StepUpStatus = { enrolled: false, threshold: 500, locked_until: null, failures_left: 5 };
const on: StepUpStatus = { ...off, enrolled: true };

const policy: RefundPolicy = { window_days: 14, auto_approve: false, auto_max_stars: 100, auto_within_hours: 24, auto_max_refunds_90d: 2 };

// An SVG with a script in it: shown as an image, it never runs or reaches the page.
const qr = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><script>window.hacked = true</script><rect width="10" height="10"/></svg>`;

describe("Step-up codes", () => {
  it("shows the QR code as an image with the key and link, and turns on with a first code", async () => {
    let confirms = 0;
    const calls = mockCommands({
      stepup_status: () => off,
      stepup_begin: () => ({ secret: "JBSWY3DPEHPK3PXP", uri: "otpauth://totp/Stardesk:Anna?secret=JBSWY3DPEHPK3PXP&issuer=Stardesk", qr_svg: qr }),
      stepup_confirm: () => {
        confirms += 1;
        if (confirms === 1) return Promise.reject({ code: "step_up", message: "That code is not right. Enter the code the authenticator app shows now for Stardesk." });
        return on;
      },
    });
    const user = userEvent.setup();
    renderPage(<StepUpSection />);
    expect(await screen.findByText(/Once on, refunds above 500 Stars, refunding several orders, changing the bot token/)).toHaveTextContent(
      "Once on, refunds above 500 Stars, refunding several orders, changing the bot token, changing the refund policy and turning this off ask for a code from your authenticator app. Five wrong codes lock these for 5 minutes.",
    );
    expect(screen.getByText("Off")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Turn on/ }));

    const img = await screen.findByRole("img", { name: "QR code to add Stardesk to your authenticator app" });
    expect(img.tagName).toBe("IMG");
    expect(img).toHaveAttribute("src", `data:image/svg+xml;utf8,${encodeURIComponent(qr)}`);
    expect(document.querySelector("svg script")).toBeNull();
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
    expect(screen.getByText("JBSWY3DPEHPK3PXP")).toBeInTheDocument();
    expect(screen.getByText(/^otpauth:\/\/totp\/Stardesk:Anna/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy key" })).toBeInTheDocument();

    const code = screen.getByLabelText("2. Enter the code the app shows");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await user.type(code, "000000{Enter}");
    expect(await screen.findByText(/That code is not right/)).toBeInTheDocument();
    await user.type(code, "123456");
    await user.click(screen.getByRole("button", { name: "Turn on" }));
    expect(await screen.findByText("Step-up codes are on")).toBeInTheDocument();
    expect(screen.getByText("On")).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === "stepup_confirm").map((c) => c.args)).toEqual([{ code: "000000" }, { code: "123456" }]);
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
  });

  it("asks for a code to turn off, and says when it is locked", async () => {
    const calls = mockCommands({
      stepup_status: () => ({ ...on, locked_until: 1_760_000_000 }),
      stepup_disable: (a) =>
        a.code === null
          ? Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." })
          : Promise.reject({ code: "step_up_locked", message: "Too many wrong codes: refunds, token and policy changes are locked until 12:05 UTC, in about 5 minutes." }),
    });
    const user = userEvent.setup();
    renderPage(<StepUpSection />);
    expect(await screen.findByText(/^Locked until/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Turn off/ }));
    const ask = await screen.findByRole("dialog", { name: "Enter your authenticator code" });
    expect(ask).toHaveTextContent("Turning step-up codes off takes a code.");
    const confirm = within(ask).getByRole("button", { name: "Confirm" });
    expect(confirm).toBeDisabled();
    await user.type(within(ask).getByLabelText("Code from your authenticator app"), "123456");
    await user.click(confirm);
    expect(await screen.findByText(/locked until 12:05 UTC, in about 5 minutes/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.filter((c) => c.cmd === "stepup_disable").map((c) => c.args.code)).toEqual([null, "123456"]);
  });
});

describe("Refund policy", () => {
  it("saves the window and the automatic rule, with a code when step-up asks", async () => {
    const calls = mockCommands({
      refund_policy: () => policy,
      refund_policy_set: (a) =>
        a.code === null ? Promise.reject({ code: "step_up", message: "Enter the 6-digit code from your authenticator app." }) : null,
    });
    const user = userEvent.setup();
    renderPage(<RefundPolicySection />);
    const days = await screen.findByLabelText("Refund window (days)");
    expect(days).toHaveValue("14");
    expect(screen.getByRole("switch", { name: "Approve some requests automatically" })).toHaveAttribute("aria-checked", "false");
    expect(screen.getByLabelText("Most Stars")).toBeDisabled();

    await user.clear(days);
    await user.type(days, "400");
    expect(await screen.findByText("The refund window is between 1 and 365 days.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    await user.clear(days);
    await user.type(days, "30");
    await user.click(screen.getByRole("switch", { name: "Approve some requests automatically" }));
    const most = screen.getByLabelText("Most Stars");
    await user.clear(most);
    await user.type(most, "250");
    await user.click(screen.getByRole("button", { name: "Save" }));

    const ask = await screen.findByRole("dialog", { name: "Enter your authenticator code" });
    await user.type(within(ask).getByLabelText("Code from your authenticator app"), "246810{Enter}");
    expect(await screen.findByText("Refund policy saved")).toBeInTheDocument();
    const want = { ...policy, window_days: 30, auto_approve: true, auto_max_stars: 250 };
    expect(calls.filter((c) => c.cmd === "refund_policy_set").map((c) => c.args)).toEqual([
      { policy: want, code: null },
      { policy: want, code: "246810" },
    ]);
  });
});

describe("Support templates", () => {
  it("edits, adds and removes canned replies and decline messages, and saves them together", async () => {
    const calls = mockCommands({
      support_templates: () => ({
        canned: [{ title: "Resent", body: "I have sent it again." }],
        decline: [{ title: "Outside the policy", body: "Outside our policy." }],
      }),
      support_set_templates: () => null,
    });
    const user = userEvent.setup();
    renderPage(<TemplatesSection />);
    expect(await screen.findByDisplayValue("Resent")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Add a reply/ }));
    await user.click(screen.getByRole("button", { name: "Save templates" }));
    expect(await screen.findByText("Give it a title.")).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === "support_set_templates")).toBe(false);
    const titles = screen.getAllByLabelText(/^Title/);
    const texts = screen.getAllByLabelText(/^Text/);
    await user.type(titles[1], "Thanks");
    await user.type(texts[1], "Thanks for your patience.");

    await user.click(screen.getByRole("tab", { name: /Decline messages/ }));
    await user.click(screen.getByRole("button", { name: "Remove Outside the policy" }));
    await user.click(screen.getByRole("button", { name: "Save templates" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "support_set_templates")?.args).toEqual({
        templates: {
          canned: [
            { title: "Resent", body: "I have sent it again." },
            { title: "Thanks", body: "Thanks for your patience." },
          ],
          decline: [],
        },
      }),
    );
    expect(await screen.findByText("Templates saved")).toBeInTheDocument();
  });
});

describe("Settings with the support sections", () => {
  it("keeps the earlier sections and adds the refund policy, step-up and templates", async () => {
    mockCommands({
      bot_status: () => demoStatus,
      bot_keychain: () => ({ available: true, reason: null }),
      settings_texts: () => [{ key: "welcome", body: "Hi", custom: false }],
      settings_notifications: () => true,
      refund_policy: () => policy,
      stepup_status: () => off,
      support_templates: () => ({ canned: [], decline: [] }),
    });
    renderPage(<SettingsPage />);
    expect(await screen.findByText("Telegram bot")).toBeInTheDocument();
    expect(screen.getByText("What the bot says")).toBeInTheDocument();
    expect(await screen.findByLabelText("Refund window (days)")).toBeInTheDocument();
    expect(screen.getByText("Step-up codes")).toBeInTheDocument();
    expect(screen.getByText("Support templates")).toBeInTheDocument();
  });
});
