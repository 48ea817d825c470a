// Products, under the names the pages use; the wrappers are generated in ./commands.
import { catalogSetFile } from "./commands";

export {
  catalogList as listProducts,
  catalogCreate as createProduct,
  catalogUpdate as updateProduct,
  catalogSetActive as setProductActive,
  catalogImportCodes as importCodes,
  catalogCheckCodes as checkCodes,
  catalogCopyDemo as copyDemoCatalog,
  catalogCodes as listCodes,
  catalogCodeCounts as codeCounts,
  catalogRemoveCodes as removeCodes,
  catalogRestoreCodes as restoreCodes,
  catalogExportCodes as exportCodes,
  catalogSetLowStock as setLowStock,
  catalogOrderCode as orderCode,
  catalogAlsoBought as alsoBought,
  catalogSetAlsoBought as setAlsoBought,
} from "./commands";

/** Sends the file's bytes as the raw request body; no base64, no JSON array of numbers. */
export const setProductFile = (productId: number, file: { name: string; type: string; bytes: ArrayBuffer }) =>
  catalogSetFile(file.bytes, {
    "x-product-id": String(productId),
    "x-file-name": encodeURIComponent(file.name),
    "x-mime-type": file.type || "application/octet-stream",
  });
