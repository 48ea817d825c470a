// The shop's referral program, under the names the pages use; the wrappers are generated in
// ./commands.
export {
  referrersList as referrers,
  referrerDetail,
  referralLink,
  payoutsDue,
  payoutsList as payouts,
  referralPayOut as payOut,
  referralSettings,
  referralSetSettings as setReferralSettings,
  referralOverrides as rateOverrides,
  referralSetOverride as setRateOverride,
  referrersExport as exportReferrers,
  payoutsExport as exportPayouts,
} from "./commands";
