import type { BotIdentity } from "../bindings/BotIdentity";
import type { Connected } from "../bindings/Connected";
import type { DeskStatus } from "../bindings/DeskStatus";
import type { Keychain } from "../bindings/Keychain";
import type { ReconcileReport } from "../bindings/ReconcileReport";
import { call } from "./invoke";

export const botStatus = () => call<DeskStatus>("bot_status");
export const startBot = () => call<DeskStatus>("bot_start");
export const stopBot = () => call<DeskStatus>("bot_stop");
export const restartBot = () => call<DeskStatus>("bot_restart");
export const keychain = () => call<Keychain>("bot_keychain");
export const checkToken = (token: string) => call<BotIdentity>("bot_check_token", { token });
export const connectBot = (token: string, allowFile: boolean) =>
  call<Connected>("bot_connect", { token, allow_file: allowFile });
export const disconnectBot = () => call<DeskStatus>("bot_disconnect");
export const reconcile = () => call<ReconcileReport>("bot_reconcile");
