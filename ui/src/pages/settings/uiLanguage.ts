// The window's language as this computer's data folder keeps it ("system" or a language's code):
// read before the window first draws, read again when another shop's file opens, and saved from
// Settings.
// Light on purpose: the start-up reads it before the pages load.

import { onAppEvent } from "../../api/events";
import { uiLanguage } from "../../api/settings";
import { applyLanguage, LANGUAGES, type LanguageChoice } from "../../i18n";

/** The query that holds the choice. */
export const UI_LANGUAGE_KEY = ["ui-language"];

/** The core's answer as a choice; anything this window does not speak is the system's. */
export function choiceOf(answer: string): LanguageChoice {
  return answer === "system" || (LANGUAGES as readonly string[]).includes(answer) ? (answer as LanguageChoice) : "system";
}

/** The choice, or null when the core cannot say (no shell around the window, an error). */
export async function readChoice(): Promise<LanguageChoice | null> {
  try {
    return choiceOf(await uiLanguage());
  } catch {
    return null;
  }
}

/**
 * Speaks the chosen language before the window first draws: waits up to `wait` ms for the core,
 * speaking the system's language if it fails; a later answer is applied when it comes. Then follows
 * the language of each shop opened (the real one after connecting, the demo one after
 * disconnecting). `known` is told every choice read, for the Settings card.
 */
export async function startLanguage(known: (choice: LanguageChoice) => void, wait = 1500): Promise<void> {
  const take = (choice: LanguageChoice | null) => {
    if (choice === null) return;
    applyLanguage(choice);
    known(choice);
  };
  const answer = readChoice();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = Symbol("late");
  const quick = await Promise.race([answer, new Promise<typeof late>((resolve) => (timer = setTimeout(() => resolve(late), wait)))]);
  clearTimeout(timer);
  if (quick === late) {
    applyLanguage("system");
    void answer.then(take);
  } else if (quick === null) {
    applyLanguage("system");
  } else {
    take(quick);
  }
  void onAppEvent((e) => {
    if (e.type === "shop_opened") void readChoice().then(take);
  }).catch(() => {});
}
