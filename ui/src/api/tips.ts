// Tips ("Support us" in the chat), under the names the pages use; the wrappers are generated in
// ./commands.
export { tipsSettings as tipSettings, tipsSet as setTipSettings } from "./commands";
