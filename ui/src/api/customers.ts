// Customers, under the names the pages use; the wrappers are generated in ./commands.
export { customersPage, customersCount, customerSetBlocked as setCustomerBlocked } from "./commands";
