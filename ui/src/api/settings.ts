import type { BotText } from "../bindings/BotText";
import { call } from "./invoke";

export const botTexts = () => call<BotText[]>("settings_texts");

export const setBotText = (key: string, body: string) => call<null>("settings_set_text", { key, body });

export const resetBotText = (key: string) => call<null>("settings_reset_text", { key });

export const saleNotifications = () => call<boolean>("settings_notifications");

export const setSaleNotifications = (on: boolean) => call<null>("settings_set_notifications", { on });
