// The legal block in the chat (/terms) and the limits against abuse, under the names the pages
// use; the wrappers are generated in ./commands.
export {
  legalGet as legal,
  legalSet as setLegal,
  legalPreview as termsPreview,
  limitsGet as limits,
  limitsSet as setLimits,
  limitsFlagged as flaggedCustomers,
  limitsLift as liftFlag,
} from "./commands";
