import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CustomerRow } from "../bindings/CustomerRow";
import { CustomersPage } from "../pages/Customers";
import { mockCommands, renderPage } from "./render";

const anna: CustomerRow = {
  id: 501,
  first_name: "Anna",
  username: "anna_k",
  language_code: "en",
  blocked: false,
  first_seen: 1_750_000_000,
  last_seen: 1_760_000_000,
  orders: 4,
  spent: 310,
};

describe("Customers", () => {
  it("blocks a customer after a confirmation", async () => {
    const calls = mockCommands({
      customers_count: () => 1,
      customers_page: () => [anna],
      customer_set_blocked: () => null,
    });
    const user = userEvent.setup();
    renderPage(<CustomersPage />);
    expect(await screen.findByText("Anna")).toBeInTheDocument();
    expect(screen.getByLabelText("310 Stars")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Block Anna" }));
    expect(screen.getByRole("dialog")).toHaveTextContent(/refused at checkout/);
    await user.click(screen.getByRole("button", { name: "Block" }));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "customer_set_blocked")?.args).toEqual({ id: 501, blocked: true }),
    );
  });
});
