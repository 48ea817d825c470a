// Refunds (one order, or many at once) and the refund policy, under the names the pages use; the
// wrappers are generated in ./commands.
export {
  refundPreview,
  orderRefund as refundOrder,
  refundsStart as startRefunds,
  refundsBatch as refundBatch,
  refundsUnfinished as unfinishedRefunds,
  refundsResume as resumeRefunds,
  refundsDiscard as stopRefunds,
  refundPolicy,
  refundPolicySet as setRefundPolicy,
} from "./commands";
