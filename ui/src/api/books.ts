// The books beside Telegram's balance, under the names the Reports page uses; the wrappers are generated in ./commands.
export { booksCheck, booksLast, booksReconcile } from "./commands";
