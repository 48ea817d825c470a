// Telegram's affiliate program, under the names the pages use; the wrappers are generated in ./commands.
export { affiliatesOfOrder as orderAffiliate, affiliatesReport } from "./commands";
