/**
 * Dates and times, one meaning per name: calendar days ("YYYY-MM-DD", calendar-date.ts), times of
 * day ("HH:MM", wall-clock.ts), instants in a zone through Intl (zoned.ts), Indonesia's zones
 * (zones.ts) and how people read them (format.ts). What they type into a form (typed.ts) and the
 * zod fields (schemas.ts) are imported from those files themselves: a screen that only shows dates
 * (a participant's phone) loads neither the forms' parsing nor zod.
 */
export * from './calendar-date';
export * from './wall-clock';
export * from './zones';
export * from './zoned';
export * from './format';
