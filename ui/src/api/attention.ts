// What needs the merchant, under the names the pages use; the wrappers are generated in ./commands.
export { attentionList as openAttention, attentionResolve as resolveAttention } from "./commands";
