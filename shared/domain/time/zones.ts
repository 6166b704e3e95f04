/** The three Indonesian time zones a meeting may be held in, with the label people write after a time. */
export const TIME_ZONES = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
} as const;
export type TimeZone = keyof typeof TIME_ZONES;
export const TIME_ZONE_IDS = Object.keys(TIME_ZONES) as [TimeZone, ...TimeZone[]];

/** "WIB", "WITA" or "WIT". */
export function zoneLabel(timeZone: TimeZone): string {
  return TIME_ZONES[timeZone];
}
