// Orders, under the names the pages use; the wrappers are generated in ./commands.
export { ordersPage, ordersCount, orderDetail, orderDeliverAgain as deliverAgain } from "./commands";
