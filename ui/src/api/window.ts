import { call } from "./invoke";

/** Tells the shell the window has painted (the console benchmark times it). */
export const windowReady = () => call<null>("window_ready");
