import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppEvent } from "../bindings/AppEvent";

/** The shell forwards every core event under this one name; the payload says which it is. */
export const APP_EVENT = "app-event";

export function onAppEvent(handler: (event: AppEvent) => void): Promise<UnlistenFn> {
  return listen<AppEvent>(APP_EVENT, (e) => handler(e.payload));
}
