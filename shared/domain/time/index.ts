/**
 * Dates and times, one meaning per name: calendar days ("YYYY-MM-DD", calendar-date.ts), times of
 * day ("HH:MM", wall-clock.ts), instants in a zone through Intl (zoned.ts), Indonesia's zones
 * (zones.ts), how people read them (format.ts) and what they type into a form (typed.ts). Their
 * zod fields (schemas.ts) are imported from that file itself: a screen that only formats dates
 * does not load zod.
 */
export * from './calendar-date';
export * from './wall-clock';
export * from './zones';
export * from './zoned';
export * from './format';
export * from './typed';
