// The bot, under the names the pages use; the wrappers are generated in ./commands.
export {
  botStatus,
  botStart as startBot,
  botStop as stopBot,
  botRestart as restartBot,
  botKeychain as keychain,
  botCheckToken as checkToken,
  botConnect as connectBot,
  botDisconnect as disconnectBot,
  botReconcile as reconcile,
} from "./commands";
