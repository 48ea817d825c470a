// Figures, under the names the pages use; the wrappers are generated in ./commands.
export {
  reportsOverview as overview,
  reportsRevenue as revenueByDay,
  reportsLatestOrders as latestOrders,
} from "./commands";
export {
  reportRevenue,
  reportFunnel,
  reportSubscriptions,
  reportCash,
  reportSettings,
  timeZones,
  setTimeZone,
  setUsdRate,
} from "./commands";
