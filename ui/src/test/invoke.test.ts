import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { listProducts } from "../api/catalog";
import { AppError } from "../api/invoke";
import { ordersPage } from "../api/orders";

describe("the command layer", () => {
  it("passes arguments under the names the Rust commands take", async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return [];
    });
    await ordersPage({
      search: "anna",
      status: "delivered",
      product_id: null,
      from: null,
      to: null,
      sort: "amount",
      descending: true,
      offset: 200,
      limit: 100,
    });
    expect(seen).toEqual({
      cmd: "orders_page",
      args: {
        query: {
          search: "anna",
          status: "delivered",
          product_id: null,
          from: null,
          to: null,
          sort: "amount",
          descending: true,
          offset: 200,
          limit: 100,
        },
      },
    });
  });

  it("turns a refusal into an AppError with its code and message", async () => {
    mockIPC(() => {
      throw { code: "storage", message: "storage error" };
    });
    const e = await listProducts(true).catch((x) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("storage");
    expect(e.message).toBe("storage error");
  });
});
