import type { DayRevenue } from "../bindings/DayRevenue";
import type { OrderRow } from "../bindings/OrderRow";
import type { Overview } from "../bindings/Overview";
import { call } from "./invoke";

export const overview = (dayStart: number) => call<Overview>("reports_overview", { day_start: dayStart });

export const revenueByDay = (from: string, to: string) => call<DayRevenue[]>("reports_revenue", { from, to });

export const latestOrders = (limit: number) => call<OrderRow[]>("reports_latest_orders", { limit });
