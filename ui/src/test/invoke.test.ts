import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { connectBot } from "../api/bot";
import { listProducts, setProductFile } from "../api/catalog";
import { payInvoice } from "../api/demo";
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

  it("keeps the page names on the generated wrappers, with the keys the commands read", async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return null;
    });
    await connectBot("123:abc", true, null);
    await payInvoice(7, 42);
    const bytes = new Uint8Array([104, 105]).buffer;
    await setProductFile(3, { name: "a b.txt", type: "text/plain", bytes });
    expect(seen).toEqual([
      { cmd: "bot_connect", args: { token: "123:abc", allow_file: true, code: null } },
      { cmd: "demo_pay", args: { user_id: 7, message_id: 42 } },
      { cmd: "catalog_set_file", args: bytes },
    ]);
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
