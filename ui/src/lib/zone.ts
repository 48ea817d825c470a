// The shop's time zone in the window: read from the reports' settings at start and whenever they
// change, and handed to the formatters in ./format before the pages draw with it.

import { useReportSettings } from "../queries";
import { setShopZone, shopZone } from "./format";

/** The shop's time zone; the window re-renders in it when it changes. */
export function useShopZone(): string {
  const name = useReportSettings().data?.time_zone;
  // Set while rendering, before the pages below draw their times with it.
  if (name) setShopZone(name);
  return shopZone();
}

/** The shop's time zone when it is not the system's (worth naming beside days), else null. */
export function useZoneNote(): string | null {
  const s = useReportSettings().data;
  return s && !s.follows_system && s.time_zone !== s.system_zone ? s.time_zone : null;
}
