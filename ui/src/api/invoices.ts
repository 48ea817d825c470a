// Invoices sent in the chat and the reminders after one expires, under the names the pages use;
// the wrappers are generated in ./commands.
export {
  invoicesPage,
  invoicesSetMinutes as setInvoiceMinutes,
  remindersSettings as reminderSettings,
  remindersSet as setReminderSettings,
} from "./commands";
