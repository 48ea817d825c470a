import type { CodeImport } from "../bindings/CodeImport";
import type { Product } from "../bindings/Product";
import type { ProductDraft } from "../bindings/ProductDraft";
import { call } from "./invoke";

export const listProducts = (includeArchived: boolean) =>
  call<Product[]>("catalog_list", { include_archived: includeArchived });

export const createProduct = (draft: ProductDraft) => call<Product>("catalog_create", { draft });

export const updateProduct = (id: number, draft: ProductDraft) => call<Product>("catalog_update", { id, draft });

export const setProductActive = (id: number, active: boolean) =>
  call<Product>("catalog_set_active", { id, active });

export const importCodes = (productId: number, text: string) =>
  call<CodeImport>("catalog_import_codes", { product_id: productId, text });

/** Sends the file's bytes as the raw request body; no base64, no JSON array of numbers. */
export const setProductFile = (productId: number, file: { name: string; type: string; bytes: ArrayBuffer }) =>
  call<null>("catalog_set_file", file.bytes, {
    headers: {
      "x-product-id": String(productId),
      "x-file-name": encodeURIComponent(file.name),
      "x-mime-type": file.type || "application/octet-stream",
    },
  });
