import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditQuery } from "../bindings/AuditQuery";
import { OperatorNameSection } from "../components/OperatorName";
import { dateTime, localDayStart } from "../lib/format";
import { AuditPage, actionWords } from "../pages/Audit";
import { mockCommands, renderPage } from "./render";

function line(id: number, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at: 1_760_000_000 + id * 60,
    actor: "operator",
    actor_name: "Dana",
    action: "product.price",
    subject: `Game key (product #${id})`,
    before: "120 Stars",
    after: "150 Stars",
    reason: "",
    ...over,
  };
}

const trail: AuditEntry[] = [
  line(3, {
    actor: "customer",
    actor_name: "Anna",
    action: "refund",
    subject: "order #12",
    before: "delivered",
    after: "refunded",
    reason: 'Code did not work, "twice"',
  }),
  line(2, {
    action: "bot.text",
    subject: "the welcome text",
    before: "Welcome!",
    after: "Hello, shoppers!\nPick something below.",
  }),
  line(1),
];

const ACTIONS = ["bot.text", "product.archive", "product.price", "refund"];

/** The trail behind the mocked commands, filtered roughly as the Rust side does. */
function mockTrail(lines: () => AuditEntry[] = () => trail) {
  const matching = (q: AuditQuery) =>
    lines().filter(
      (l) =>
        (!q.actor || l.actor === q.actor) &&
        (!q.action || l.action === q.action || l.action.startsWith(`${q.action}.`)) &&
        (!q.text || JSON.stringify(l).toLowerCase().includes(q.text.toLowerCase())),
    );
  return mockCommands({
    audit_count: (a) => matching(a.query as AuditQuery).length,
    audit_page: (a) => {
      const q = a.query as AuditQuery;
      return matching(q).slice(q.offset, q.offset + q.limit);
    },
    audit_actions: () => ACTIONS,
    audit_export: (a) => ({ path: "/home/merchant/Downloads/stardesk-audit-2026-11-21.csv", lines: matching(a.query as AuditQuery).length }),
  });
}

const queries = (calls: { cmd: string; args: Record<string, unknown> }[], cmd = "audit_count") =>
  calls.filter((c) => c.cmd === cmd).map((c) => c.args.query as AuditQuery);

afterEach(() => {
  vi.useRealTimers();
});

describe("Audit", () => {
  it("shows who did what, when, before and after, and why", async () => {
    mockTrail();
    renderPage(<AuditPage />, { current: { page: "audit" } });
    const grid = await screen.findByRole("grid", { name: "Audit trail" });
    await within(grid).findByText("Refunded an order");
    expect(screen.getByText("3 rows")).toBeInTheDocument();
    const rows = within(grid).getAllByRole("row");
    expect(rows.map((r) => r.getAttribute("data-row-id"))).toEqual(["3", "2", "1"]);

    const refund = within(rows[0]).getAllByRole("gridcell");
    expect(refund[0]).toHaveTextContent(dateTime(trail[0].at));
    expect(refund[1]).toHaveTextContent("Anna · customer");
    expect(refund[2]).toHaveTextContent("Refunded an order");
    expect(refund[3]).toHaveTextContent("order #12");
    expect(refund[4]).toHaveTextContent("delivered refunded");
    expect(refund[5]).toHaveTextContent('Code did not work, "twice"');

    const price = within(rows[2]).getAllByRole("gridcell");
    expect(price[1]).toHaveTextContent(/^Dana$/);
    expect(price[2]).toHaveTextContent("Changed a price");
    expect(price[4]).toHaveTextContent("120 Stars 150 Stars");
  });

  it("opens a line in full, with a long text's old and new body", async () => {
    mockTrail();
    const user = userEvent.setup();
    renderPage(<AuditPage />, { current: { page: "audit" } });
    const grid = await screen.findByRole("grid", { name: "Audit trail" });
    await user.click(await within(grid).findByText("Changed a bot text"));
    const drawer = await screen.findByRole("dialog", { name: "Audit line 2" });
    expect(within(drawer).getByText("the welcome text")).toBeInTheDocument();
    expect(drawer.querySelector("[data-test=after]")?.textContent).toBe("Hello, shoppers!\nPick something below.");
    expect(within(drawer).getByText("No reason given")).toBeInTheDocument();
  });

  it("filters by who, action, text and dates on the Rust side", async () => {
    const calls = mockTrail();
    const user = userEvent.setup();
    renderPage(<AuditPage />, { current: { page: "audit" } });
    await screen.findByText("3 rows");

    await user.selectOptions(screen.getByLabelText("Who"), "customer");
    expect(await screen.findByText("1 row")).toBeInTheDocument();
    expect(queries(calls).at(-1)?.actor).toBe("customer");

    // Actions come grouped: a whole group, or one action of it.
    const action = screen.getByLabelText("Action");
    await user.selectOptions(screen.getByLabelText("Who"), "");
    expect(within(action).getByRole("group", { name: "Products" })).toBeInTheDocument();
    expect(within(action).getByRole("option", { name: "All: products" })).toHaveValue("product");
    expect(within(action).getByRole("option", { name: "Archived a product" })).toHaveValue("product.archive");
    await user.selectOptions(action, "product");
    expect(await screen.findByText("1 row")).toBeInTheDocument();
    expect(queries(calls).at(-1)?.action).toBe("product");

    await user.click(screen.getByRole("button", { name: /Clear/ }));
    await user.type(screen.getByLabelText("Search the audit trail"), "WELCOME");
    await waitFor(() => expect(queries(calls).at(-1)?.text).toBe("WELCOME"));
    expect(await screen.findByText("1 row")).toBeInTheDocument();

    await user.clear(screen.getByLabelText("Search the audit trail"));
    await waitFor(() => expect(queries(calls).at(-1)?.text).toBeNull());
    await user.type(screen.getByLabelText("From"), "2026-11-01");
    await user.type(screen.getByLabelText("Until"), "2026-11-21");
    await waitFor(() => expect(queries(calls).at(-1)?.to).toBe(localDayStart("2026-11-21")! + 86400));
    const last = queries(calls).at(-1)!;
    expect(last.from).toBe(localDayStart("2026-11-01"));
  });

  it("exports every matching line and says where the file is", async () => {
    const calls = mockTrail();
    const user = userEvent.setup();
    renderPage(<AuditPage />, { current: { page: "audit" } });
    await screen.findByText("3 rows");
    await user.selectOptions(screen.getByLabelText("Who"), "operator");
    await screen.findByText("2 rows");
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText("Exported 2 lines")).toBeInTheDocument();
    expect(screen.getByText("/home/merchant/Downloads/stardesk-audit-2026-11-21.csv")).toBeInTheDocument();
    const exported = calls.find((c) => c.cmd === "audit_export")!;
    expect(exported.args.path).toBeNull();
    expect((exported.args.query as AuditQuery).actor).toBe("operator");
  });

  it("shows new lines as they are recorded", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let lines = trail;
    mockTrail(() => lines);
    renderPage(<AuditPage />, { current: { page: "audit" } });
    await screen.findByText("3 rows");
    lines = [line(4, { action: "customer.block", subject: "customer 9 Zed", before: "can buy", after: "blocked" }), ...trail];
    await act(() => vi.advanceTimersByTimeAsync(5100));
    expect(await screen.findByText("4 rows")).toBeInTheDocument();
    expect(await screen.findByText("Blocked a customer")).toBeInTheDocument();
  });

  it("says what an action is in words, even one it does not know", () => {
    expect(actionWords("product.unarchive")).toBe("Put a product back on sale");
    expect(actionWords("referral.payout")).toBe("Paid a referrer");
    expect(actionWords("promo.deactivate")).toBe("Turned a promo code off");
    expect(actionWords("refund_batch.start")).toBe("Refund batch start");
  });
});

describe("Operator name", () => {
  it("is saved trimmed, and refused empty", async () => {
    const calls = mockCommands({
      operator_name: () => "merchant",
      operator_set_name: (a) => String(a.name).trim(),
    });
    const user = userEvent.setup();
    renderPage(<OperatorNameSection />);
    const box = await screen.findByLabelText("Operator name");
    await waitFor(() => expect(box).toHaveValue("merchant"));
    expect(screen.getByText("Shown in the audit trail as who did it.")).toBeInTheDocument();
    const save = screen.getByRole("button", { name: "Save name" });
    expect(save).toBeDisabled();

    await user.clear(box);
    expect(screen.getByRole("alert")).toHaveTextContent("Give a name.");
    expect(save).toBeDisabled();

    await user.type(box, "  Dana {Enter}");
    await waitFor(() => expect(calls.find((c) => c.cmd === "operator_set_name")?.args).toEqual({ name: "  Dana " }));
    expect(await screen.findByText("Name saved")).toBeInTheDocument();
    expect(box).toHaveValue("Dana");
  });
});
