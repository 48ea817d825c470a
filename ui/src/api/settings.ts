// Settings, under the names the pages use; the wrappers are generated in ./commands.
export {
  settingsTexts as botTexts,
  settingsSetText as setBotText,
  settingsResetText as resetBotText,
  settingsTextUses as botTextUses,
  settingsNotifications as saleNotifications,
  settingsSetNotifications as setSaleNotifications,
  settingsUiLanguage as uiLanguage,
  settingsSetUiLanguage as setUiLanguage,
} from "./commands";
