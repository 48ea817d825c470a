// Step-up codes from the merchant's authenticator app, under the names the pages use; the
// wrappers are generated in ./commands.
export {
  stepupStatus as stepUpStatus,
  stepupBegin as beginStepUp,
  stepupConfirm as confirmStepUp,
  stepupDisable as disableStepUp,
  stepupSetThreshold as setStepUpThreshold,
} from "./commands";
