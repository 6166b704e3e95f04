import { z } from '../../zod-setup';
import { DATE_PATTERN, isCalendarDate } from './calendar-date';
import { CLOCK_PATTERN } from './wall-clock';

/** The zod fields of dates and times, for every protocol schema that carries one. */

/** A real calendar day, "YYYY-MM-DD". */
export const dateSchema = z
  .string()
  .regex(DATE_PATTERN, 'field.dateForm')
  .refine((v) => isCalendarDate(v), 'field.notDate');

/** A time of day, "HH:MM" from 00:00 to 23:59. */
export const clockSchema = z.string().regex(CLOCK_PATTERN, 'field.timeForm');
