import type { CustomerQuery } from "../bindings/CustomerQuery";
import type { CustomerRow } from "../bindings/CustomerRow";
import { call } from "./invoke";

export const customersPage = (query: CustomerQuery) => call<CustomerRow[]>("customers_page", { query });

export const customersCount = (query: CustomerQuery) => call<number>("customers_count", { query });

export const setCustomerBlocked = (id: number, blocked: boolean) =>
  call<null>("customer_set_blocked", { id, blocked });
