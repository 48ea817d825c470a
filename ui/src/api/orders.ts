import type { OrderDetail } from "../bindings/OrderDetail";
import type { OrderQuery } from "../bindings/OrderQuery";
import type { OrderRow } from "../bindings/OrderRow";
import { call } from "./invoke";

export const ordersPage = (query: OrderQuery) => call<OrderRow[]>("orders_page", { query });

export const ordersCount = (query: OrderQuery) => call<number>("orders_count", { query });

export const orderDetail = (id: number) => call<OrderDetail>("order_detail", { id });

export const deliverAgain = (id: number) => call<null>("order_deliver_again", { id });
