import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { OrderQuery } from "../bindings/OrderQuery";
import { date, initials, localDayStart, plural } from "../lib/format";
import { OrdersPage } from "../pages/Orders";
import { describeFilters, rangeProblem } from "../pages/orders/filters";
import { mockCommands, orderRow, renderPage } from "./render";

const day = (d: string) => date(localDayStart(d) ?? 0);

describe("Orders filters", () => {
  it("names the filters in use and catches a range that ends before it starts", () => {
    expect(describeFilters({ search: " ann ", status: "Refunded", product: "", from: "2026-11-01", to: "" })).toBe(
      `search “ann”, status Refunded, from ${day("2026-11-01")}`,
    );
    expect(describeFilters({ search: "", status: "", product: "Guide", from: "", to: "2026-11-03" })).toBe(
      `product Guide, until ${day("2026-11-03")}`,
    );
    expect(rangeProblem("2026-11-05", "2026-11-01")).toMatch(/before the start date/);
    expect(rangeProblem("2026-11-01", "2026-11-01")).toBeNull();
    expect(rangeProblem("", "2026-11-01")).toBeNull();
  });

  it("shows empty date fields as empty, not as today's date", async () => {
    mockCommands({ orders_count: () => 1, orders_page: () => [orderRow(1)], catalog_list: () => [] });
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#1");
    const from = screen.getByLabelText("Paid from") as HTMLInputElement;
    expect(from.value).toBe("");
    expect(from.closest(".date-field")).toHaveClass("is-empty");
    expect(screen.getByText("From any day")).toBeInTheDocument();
    expect(screen.getByText("Until today")).toBeInTheDocument();
    // No filter in use: nothing to clear.
    expect(screen.queryByRole("button", { name: /clear/i })).toBeNull();

    fireEvent.change(from, { target: { value: "2026-11-01" } });
    expect(from.closest(".date-field")).not.toHaveClass("is-empty");
    expect(screen.queryByText("From any day")).toBeNull();
  });

  it("says when the end date is before the start date instead of querying, and swaps them", async () => {
    const calls = mockCommands({ orders_count: () => 1, orders_page: () => [orderRow(1)], catalog_list: () => [] });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#1");
    fireEvent.change(screen.getByLabelText("Paid from"), { target: { value: "2026-11-05" } });
    fireEvent.change(screen.getByLabelText("Paid until"), { target: { value: "2026-11-01" } });
    const problem = await screen.findByRole("alert");
    expect(problem).toHaveTextContent("before the start date");
    expect(screen.getByLabelText("Paid until")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("grid", { name: "Orders" })).toBeNull();
    const asked = () =>
      calls.filter((c) => c.cmd === "orders_count" || c.cmd === "orders_page").map((c) => c.args.query as OrderQuery);
    const backwards = (q: OrderQuery) => q.from === localDayStart("2026-11-05") && q.to !== null;
    expect(asked().some(backwards)).toBe(false);

    await user.click(screen.getByRole("button", { name: "Swap the dates" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect((screen.getByLabelText("Paid from") as HTMLInputElement).value).toBe("2026-11-01");
    await waitFor(() => expect(asked().some((q) => q.from === localDayStart("2026-11-01"))).toBe(true));
    const q = asked().find((x) => x.from === localDayStart("2026-11-01"));
    expect(q?.to).toBe((localDayStart("2026-11-05") ?? 0) + 86400);
  });

  it("blames the filter that emptied the list, not the search, and clears it", async () => {
    mockCommands({
      orders_count: (a) => ((a.query as OrderQuery).status === "refunded" ? 0 : 2),
      orders_page: (a) => ((a.query as OrderQuery).status === "refunded" ? [] : [orderRow(2), orderRow(1)]),
      catalog_list: () => [],
    });
    const user = userEvent.setup();
    renderPage(<OrdersPage />, { current: { page: "orders" } });
    await screen.findByText("#2");
    await user.selectOptions(screen.getByLabelText("Status"), "refunded");
    expect(await screen.findByText("No orders match the filters")).toBeInTheDocument();
    expect(screen.getByText("No order matches status Refunded.")).toBeInTheDocument();
    expect(screen.queryByText(/Search looks at/)).toBeNull();

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(await screen.findByText("#2")).toBeInTheDocument();
    expect(screen.getByLabelText("Status")).toHaveValue("");
  });
});

describe("Words and initials", () => {
  it("makes initials from letters and digits only, in any script", () => {
    expect(initials("Z<")).toBe("Z");
    expect(initials("Zoë <3")).toBe("Z");
    expect(initials("иван петров")).toBe("ИП");
    expect(initials("🦊 fox")).toBe("F");
    expect(initials("Agent 007")).toBe("A");
    expect(initials("<3 007")).toBe("3");
    expect(initials(":) 🦊")).toBe("");
    expect(initials("  ")).toBe("");
  });

  it("counts one order and many orders", () => {
    expect(plural(1, "order")).toBe("1 order");
    expect(plural(25, "order")).toBe("25 orders");
    expect(plural(0, "order")).toBe("0 orders");
  });
});
