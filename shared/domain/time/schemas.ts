import { z } from 'zod';
import { DATE_PATTERN, isCalendarDate } from './calendar-date';
import { CLOCK_PATTERN } from './wall-clock';

/** The zod fields of dates and times, for every protocol schema that carries one. */

/** A real calendar day, "YYYY-MM-DD". */
export const dateSchema = z
  .string()
  .regex(DATE_PATTERN, 'use the form YYYY-MM-DD')
  .refine((v) => isCalendarDate(v), 'not a real date');

/** A time of day, "HH:MM" from 00:00 to 23:59. */
export const clockSchema = z.string().regex(CLOCK_PATTERN, 'use the form HH:MM (24 hours)');
