import type { ChatLine } from "../bindings/ChatLine";
import type { DemoStep } from "../bindings/DemoStep";
import type { Shopper } from "../bindings/Shopper";
import { call } from "./invoke";

export const shoppers = () => call<Shopper[]>("demo_shoppers");
export const createShopper = (firstName: string) => call<Shopper>("demo_create_shopper", { first_name: firstName });
export const openShop = (userId: number) => call<ChatLine[]>("demo_open_shop", { user_id: userId });
export const sendMessage = (userId: number, text: string) => call<ChatLine[]>("demo_send", { user_id: userId, text });
export const pressButton = (userId: number, messageId: number, data: string) =>
  call<ChatLine[]>("demo_press", { user_id: userId, message_id: messageId, data });
export const payInvoice = (userId: number, messageId: number) =>
  call<DemoStep>("demo_pay", { user_id: userId, message_id: messageId });
export const buyProduct = (userId: number, productId: number) =>
  call<DemoStep>("demo_buy", { user_id: userId, product_id: productId });
export const chat = (userId: number) => call<ChatLine[]>("demo_chat", { user_id: userId });
