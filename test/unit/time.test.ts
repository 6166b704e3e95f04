import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMinutes,
  addMinutesWrapping,
  addMonths,
  CLOCK_PATTERN,
  clockInZone,
  DATE_PATTERN,
  dateInZone,
  datesBetween,
  daysBetween,
  endOfMonth,
  formatCalendarDate,
  formatClock,
  formatMeetingDate,
  formatTimeRange,
  fromMinutes,
  fromUtcDate,
  instantInZone,
  INTL_LOCALES,
  isCalendarDate,
  minutesBetween,
  startOfMonth,
  startOfWeek,
  TIME_ZONE_IDS,
  TIME_ZONES,
  toMinutes,
  toUtcDate,
  wallClockInZone,
  weekdayIndex,
  weekdayOf,
  zoneLabel,
  zoneOffsetMinutes,
  type TimeZone,
} from '../../shared/domain/time';
import { clockSchema, dateSchema } from '../../shared/domain/time/schemas';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('calendar days', () => {
  it.each([
    ['2022-06-13', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2022-02-30', false],
    ['2022-04-31', false],
    ['2022-13-01', false],
    ['13-06-2022', false],
    ['2022-6-13', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('S24 given %s, isCalendarDate says %s', (given, then) => {
    expect(isCalendarDate(given)).toBe(then);
  });

  it.each([
    ['2022-06-13', true],
    ['2022-02-30', true],
    ['2022-6-13', false],
    ['2022-06-13T00:00', false],
  ])('S24 DATE_PATTERN checks the form only: %s %s', (given, then) => {
    expect(DATE_PATTERN.test(given)).toBe(then);
  });

  it('S24 a day is carried as its UTC midnight, and back', () => {
    expect(toUtcDate('2022-06-13').toISOString()).toBe('2022-06-13T00:00:00.000Z');
    expect(fromUtcDate(new Date('2022-06-13T23:59:59Z'))).toBe('2022-06-13');
  });

  it.each([
    ['2022-06-13', 1, '2022-06-14'],
    ['2022-06-30', 1, '2022-07-01'],
    ['2022-12-31', 1, '2023-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2022-01-01', -1, '2021-12-31'],
    ['2022-06-13', 0, '2022-06-13'],
    ['2022-06-13', 366, '2023-06-14'],
  ])('S24 given %s, addDays %i gives %s', (given, days, then) => {
    expect(addDays(given, days)).toBe(then);
  });

  it.each([
    ['2022-06-13', 1, 0],
    ['2022-06-12', 0, 6],
    ['2022-06-18', 6, 5],
    ['2024-02-29', 4, 3],
  ])('S24 %s: weekdayOf %i (Sunday 0), weekdayIndex %i (Monday 0)', (given, sundayFirst, mondayFirst) => {
    expect(weekdayOf(given)).toBe(sundayFirst);
    expect(weekdayIndex(given)).toBe(mondayFirst);
  });

  it.each([
    ['2022-06-13', '2022-06-13', '2022-06-01', '2022-06-30'],
    ['2022-06-19', '2022-06-13', '2022-06-01', '2022-06-30'],
    ['2022-07-01', '2022-06-27', '2022-07-01', '2022-07-31'],
    ['2024-02-10', '2024-02-05', '2024-02-01', '2024-02-29'],
    ['2023-02-10', '2023-02-06', '2023-02-01', '2023-02-28'],
    ['2022-01-01', '2021-12-27', '2022-01-01', '2022-01-31'],
  ])('S24 given %s: its week starts %s, its month runs %s to %s', (given, monday, first, last) => {
    expect(startOfWeek(given)).toBe(monday);
    expect(startOfMonth(given)).toBe(first);
    expect(endOfMonth(given)).toBe(last);
  });

  it.each([
    ['2022-06-13', 1, '2022-07-13'],
    ['2022-01-31', 1, '2022-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2022-03-31', -1, '2022-02-28'],
    ['2022-12-15', 1, '2023-01-15'],
    ['2022-01-15', -1, '2021-12-15'],
  ])('S24 given %s, addMonths %i gives %s', (given, months, then) => {
    expect(addMonths(given, months)).toBe(then);
  });

  it.each([
    ['2022-06-13', '2022-06-13', 0],
    ['2022-06-13', '2022-06-14', 1],
    ['2022-06-14', '2022-06-13', -1],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['2022-01-01', '2023-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
  ])('S24 daysBetween %s and %s is %i', (from, to, then) => {
    expect(daysBetween(from, to)).toBe(then);
  });

  it.each([
    ['2022-06-13', '2022-06-13', ['2022-06-13']],
    ['2024-02-28', '2024-03-01', ['2024-02-28', '2024-02-29', '2024-03-01']],
    ['2022-12-31', '2023-01-01', ['2022-12-31', '2023-01-01']],
    ['2022-06-14', '2022-06-13', []],
  ])('S24 datesBetween %s and %s lists both ends', (from, to, then) => {
    expect(datesBetween(from, to)).toEqual(then);
  });
});

describe('times of day', () => {
  it.each([
    ['00:00', true],
    ['08:30', true],
    ['23:59', true],
    ['24:00', false],
    ['8:30', false],
    ['08:60', false],
    ['08.30', false],
  ])('S25 CLOCK_PATTERN: %s %s', (given, then) => {
    expect(CLOCK_PATTERN.test(given)).toBe(then);
  });

  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
  ])('S25 %s is %i minutes after midnight, and back', (time, minutes) => {
    expect(toMinutes(time)).toBe(minutes);
    expect(fromMinutes(minutes)).toBe(time);
  });

  it.each([
    [1440, '00:00'],
    [1500, '01:00'],
    [-30, '23:30'],
    [564.4, '09:24'],
  ])('S25 fromMinutes %d wraps past a day and rounds: %s', (minutes, then) => {
    expect(fromMinutes(minutes)).toBe(then);
  });

  it.each([
    ['08:30', '11:45', 195],
    ['11:45', '08:30', -195],
    ['00:00', '23:59', 1439],
  ])('S25 minutesBetween %s and %s is %i', (start, end, then) => {
    expect(minutesBetween(start, end)).toBe(then);
  });

  it.each([
    ['08:30', 0, '08:30', '08:30'],
    ['08:30', 195, '11:45', '11:45'],
    ['22:00', 119, '23:59', '23:59'],
    ['22:00', 120, null, '00:00'],
    ['23:30', 60, null, '00:30'],
    ['08:00', 24 * 60, null, '08:00'],
  ])('S25 %s plus %i minutes: addMinutes %s, addMinutesWrapping %s', (time, minutes, sameDay, wrapping) => {
    expect(addMinutes(time, minutes)).toBe(sameDay);
    expect(addMinutesWrapping(time, minutes)).toBe(wrapping);
  });

  it('S25 addMinutesWrapping goes back round the clock too', () => {
    expect(addMinutesWrapping('00:30', -60)).toBe('23:30');
  });
});

describe('instants in a zone (Intl)', () => {
  const INDONESIA: [TimeZone, number][] = [
    ['Asia/Jakarta', 7],
    ['Asia/Makassar', 8],
    ['Asia/Jayapura', 9],
  ];

  it.each(INDONESIA)('S26 %s is UTC+%i in January, in July and at 1970', (zone, hours) => {
    for (const now of ['2022-01-15T12:00:00Z', '2022-07-15T12:00:00Z', '1970-01-01T00:00:00Z']) {
      expect(zoneOffsetMinutes(at(now), zone)).toBe(hours * 60);
    }
  });

  it.each([
    ['2022-01-15T12:00:00Z', 60],
    ['2022-07-15T12:00:00Z', 120],
    ['2022-03-27T00:59:59Z', 60],
    ['2022-03-27T01:00:00Z', 120],
    ['2022-10-30T00:59:59Z', 120],
    ['2022-10-30T01:00:00Z', 60],
  ])('S26 Europe/Amsterdam at %s is %i minutes ahead: daylight saving comes from Intl', (now, minutes) => {
    expect(zoneOffsetMinutes(at(now), 'Europe/Amsterdam')).toBe(minutes);
  });

  it.each([
    ['2022-06-13', '08:30', 'Asia/Jakarta', '2022-06-13T01:30:00Z'],
    ['2022-06-13', '11:45', 'Asia/Makassar', '2022-06-13T03:45:00Z'],
    ['2022-06-13', '08:30', 'Asia/Jayapura', '2022-06-12T23:30:00Z'],
    ['2022-06-13', '00:00', 'Asia/Makassar', '2022-06-12T16:00:00Z'],
    ['2024-02-29', '23:59', 'Asia/Jakarta', '2024-02-29T16:59:00Z'],
    ['2023-01-01', '06:00', 'Asia/Jayapura', '2022-12-31T21:00:00Z'],
    ['2022-01-15', '09:00', 'Europe/Amsterdam', '2022-01-15T08:00:00Z'],
    ['2022-07-15', '09:00', 'Europe/Amsterdam', '2022-07-15T07:00:00Z'],
    ['2022-03-27', '02:30', 'Europe/Amsterdam', '2022-03-27T01:30:00Z'],
    ['2022-10-30', '02:30', 'Europe/Amsterdam', '2022-10-30T01:30:00Z'],
  ])('S26 given %s %s in %s, instantInZone is %s', (date, time, zone, then) => {
    expect(instantInZone(date, time, zone)).toBe(at(then));
  });

  it('S26 an unreadable date or time is no instant', () => {
    expect(instantInZone('', '08:30', 'Asia/Jakarta')).toBeNaN();
    expect(instantInZone('2022-06-13', 'later', 'Asia/Jakarta')).toBeNaN();
  });

  it.each([
    ['2022-06-12T16:59:59Z', 'Asia/Jakarta', '2022-06-12', '23:59', 59],
    ['2022-06-12T17:00:00Z', 'Asia/Jakarta', '2022-06-13', '00:00', 0],
    ['2022-06-12T16:00:00Z', 'Asia/Makassar', '2022-06-13', '00:00', 0],
    ['2022-06-12T15:30:00Z', 'Asia/Jayapura', '2022-06-13', '00:30', 0],
    ['2024-02-29T15:00:00Z', 'Asia/Jayapura', '2024-03-01', '00:00', 0],
    ['2022-12-31T17:00:00Z', 'Asia/Jakarta', '2023-01-01', '00:00', 0],
    ['2022-07-15T22:30:00Z', 'Europe/Amsterdam', '2022-07-16', '00:30', 0],
    ['2022-01-15T22:30:00Z', 'Europe/Amsterdam', '2022-01-15', '23:30', 0],
  ])('S26 at %s in %s the day is %s and the clock %s:%i', (now, zone, date, time, second) => {
    expect(wallClockInZone(at(now), zone)).toEqual({ date, time, second });
    expect(wallClockInZone(new Date(now), zone)).toEqual({ date, time, second });
    expect(dateInZone(at(now), zone)).toBe(date);
    expect(dateInZone(new Date(now), zone)).toBe(date);
  });

  it.each([
    ['2022-06-13T01:42:00Z', 'Asia/Makassar', 'id', '09.42'],
    ['2022-06-13T01:42:00Z', 'Asia/Makassar', 'en', '09:42'],
    ['2022-06-13T01:42:59Z', 'Asia/Jakarta', 'id', '08.42'],
    ['2022-06-12T15:00:00Z', 'Asia/Jayapura', 'id', '00.00'],
    ['2022-07-15T07:00:00Z', 'Europe/Amsterdam', 'en', '09:00'],
  ] as const)('S7 S26 at %s in %s (%s) the clock reads %s', (now, zone, locale, then) => {
    expect(clockInZone(at(now), zone, locale)).toBe(then);
  });

  it('S26 an unreadable instant reads as it always has, without throwing', () => {
    expect(clockInZone(Number.NaN, 'Asia/Jakarta')).toBe('NaN.NaN');
  });

  it.each(INDONESIA)('S26 %s: a wall time there and back is the same wall time, across a whole day', (zone) => {
    for (let minute = 0; minute < 1440; minute += 17) {
      const time = fromMinutes(minute);
      const instant = instantInZone('2024-02-29', time, zone);
      expect(wallClockInZone(instant, zone)).toEqual({ date: '2024-02-29', time, second: 0 });
    }
    expect(instantInZone('2024-03-01', '00:00', zone) - instantInZone('2024-02-29', '00:00', zone)).toBe(24 * HOUR);
  });
});

describe('zones and how dates and times read', () => {
  it('S1 S26 a meeting is in WIB, WITA or WIT', () => {
    expect(TIME_ZONE_IDS).toEqual(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);
    expect(TIME_ZONE_IDS.map(zoneLabel)).toEqual(['WIB', 'WITA', 'WIT']);
    expect(TIME_ZONES['Asia/Makassar']).toBe('WITA');
  });

  it.each([
    ['2022-06-13', 'id', 'Senin, 13 Juni 2022'],
    ['2024-02-29', 'id', 'Kamis, 29 Februari 2024'],
    ['2022-12-31', 'id', 'Sabtu, 31 Desember 2022'],
    ['2024-02-29', 'en', 'Thursday, 29 February 2024'],
  ] as const)('S7 formatMeetingDate %s (%s) reads %s', (date, locale, then) => {
    expect(formatMeetingDate(date, locale)).toBe(then);
  });

  it('S7 a date is read as the day it is, whatever the zone of the reader: formatted at noon UTC', () => {
    expect(INTL_LOCALES).toEqual({ id: 'id-ID', en: 'en-GB' });
    expect(formatCalendarDate('2022-07-04', 'id', { day: 'numeric', month: 'long' })).toBe('4 Juli');
    expect(formatCalendarDate('2022-07-04', 'en', { month: 'long', year: 'numeric' })).toBe('July 2022');
    expect(formatCalendarDate('2022-07-04', 'en', { weekday: 'long', timeZone: 'Pacific/Kiritimati' })).toBe('Monday');
  });

  it.each([
    ['08:30', 'id', '08.30'],
    ['08:30', 'en', '08:30'],
  ] as const)('S7 formatClock %s (%s) reads %s', (time, locale, then) => {
    expect(formatClock(time, locale)).toBe(then);
  });

  it.each([
    ['08:30', '11:45', 'Asia/Makassar', 'id', '08.30–11.45 WITA'],
    ['08:30', '11:45', 'Asia/Jakarta', 'en', '08:30–11:45 WIB'],
    ['19:00', '21:00', 'Asia/Jayapura', 'id', '19.00–21.00 WIT'],
  ] as const)('S7 formatTimeRange %s %s %s (%s) reads %s', (start, end, zone, locale, then) => {
    expect(formatTimeRange(start, end, zone, locale)).toBe(then);
  });
});

describe('zod fields of dates and times', () => {
  it.each([
    ['2022-06-13', []],
    ['2024-02-29', []],
    ['2023-02-29', ['field.notDate']],
    ['2022-6-13', ['field.dateForm', 'field.notDate']],
    ['13/06/2022', ['field.dateForm', 'field.notDate']],
  ])('S27 dateSchema given %s refuses with %j', (given, then) => {
    const result = dateSchema.safeParse(given);
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(then);
  });

  it.each([
    ['08:30', []],
    ['23:59', []],
    ['24:00', ['field.timeForm']],
    ['8:30', ['field.timeForm']],
  ])('S27 clockSchema given %s refuses with %j', (given, then) => {
    const result = clockSchema.safeParse(given);
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(then);
  });
});
