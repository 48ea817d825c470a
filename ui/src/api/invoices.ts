// Invoices sent in the chat, under the names the pages use; the wrappers are generated in ./commands.
export { invoicesPage, invoicesSetMinutes as setInvoiceMinutes } from "./commands";
