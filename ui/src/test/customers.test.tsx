import { fireEvent, screen, waitFor } from "@testing-library/react";
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
  flag: null,
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

  it("closes the confirmation on Escape and gives focus back to the button that opened it", async () => {
    const calls = mockCommands({ customers_count: () => 1, customers_page: () => [anna] });
    const user = userEvent.setup();
    renderPage(<CustomersPage />);
    const opener = await screen.findByRole("button", { name: "Block Anna" });
    await user.click(opener);
    const dialog = screen.getByRole("dialog", { name: "Block Anna?" });
    expect(dialog).toHaveAttribute("open");
    // Focus starts on the first action, not on the close button.
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();

    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
    expect(calls.some((c) => c.cmd === "customer_set_blocked")).toBe(false);
  });

  it("closes on a click on the backdrop, not on a click inside", async () => {
    mockCommands({ customers_count: () => 1, customers_page: () => [anna] });
    const user = userEvent.setup();
    renderPage(<CustomersPage />);
    await user.click(await screen.findByRole("button", { name: "Block Anna" }));
    const dialog = screen.getByRole("dialog", { name: "Block Anna?" });
    // jsdom lays every box out at 1000 × 600 (see setup.ts): inside is within it.
    fireEvent.mouseDown(dialog, { clientX: 500, clientY: 300 });
    fireEvent.click(dialog, { clientX: 500, clientY: 300 });
    expect(dialog).toHaveAttribute("open");
    fireEvent.mouseDown(dialog, { clientX: 1200, clientY: 700 });
    fireEvent.click(dialog, { clientX: 1200, clientY: 700 });
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });
});
