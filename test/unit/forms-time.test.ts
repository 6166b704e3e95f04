import { describe, expect, it } from 'vitest';
import { dateInWords, parseClockInput } from '../../shared/domain/time/typed';
import { ConfigError, parseConfig } from '../../server/config';

describe('what an admin types into a time field', () => {
  it.each([
    ['08.30', '08:30'],
    ['08:30', '08:30'],
    ['8.30', '08:30'],
    ['8:30', '08:30'],
    ['0830', '08:30'],
    ['830', '08:30'],
    ['8', '08:00'],
    ['14', '14:00'],
    [' 14.05 ', '14:05'],
    ['0000', '00:00'],
    ['23.59', '23:59'],
  ])('G1 "%s" is %s', (typed, time) => {
    expect(parseClockInput(typed)).toEqual({ ok: true, time });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['8.3', 'form'],
    ['08.30 AM', 'form'],
    ['8h30', 'form'],
    ['08-30', 'form'],
    ['12345', 'form'],
    ['24.00', 'range'],
    ['2400', 'range'],
    ['08.60', 'range'],
    ['99', 'range'],
  ])('G1 "%s" is refused as %s', (typed, problem) => {
    expect(parseClockInput(typed)).toEqual({ ok: false, problem });
  });
});

describe('a date in words', () => {
  it.each([
    ['2026-12-07', 'id', 'Senin, 7 Desember 2026'],
    ['2026-12-07', 'en', 'Monday, 7 December 2026'],
    ['2022-06-13', 'id', 'Senin, 13 Juni 2022'],
    ['2024-11-01', 'id', 'Jumat, 1 November 2024'],
    ['2024-02-29', 'en', 'Thursday, 29 February 2024'],
  ] as const)('G2 %s in %s reads "%s"', (date, locale, words) => {
    expect(dateInWords(date, locale)).toBe(words);
  });

  it.each(['', '2026-02-30', '07/12/2026'])('G2 "%s" is no date and reads as nothing', (value) => {
    expect(dateInWords(value, 'id')).toBe('');
  });
});

describe('the regency zone in the configuration', () => {
  it.each([
    ['Asia/Makassar', 'Asia/Makassar'],
    ['WITA', 'Asia/Makassar'],
    ['wit', 'Asia/Jayapura'],
    ['Asia/Jakarta', 'Asia/Jakarta'],
  ])('G5 DEFAULT_TIME_ZONE=%s is %s', (value, zone) => {
    expect(parseConfig({ DEFAULT_TIME_ZONE: value }).DEFAULT_TIME_ZONE).toBe(zone);
  });

  it('G5 unset, there is none (the forms fall back to the last zone created, then WIB)', () => {
    expect(parseConfig({}).DEFAULT_TIME_ZONE).toBeUndefined();
    expect(parseConfig({ DEFAULT_TIME_ZONE: '' }).DEFAULT_TIME_ZONE).toBeUndefined();
  });

  it.each(['Asia/Singapore', 'UTC', 'Makassar', '+08:00'])('G5 DEFAULT_TIME_ZONE=%s stops the boot naming the variable and the zones', (value) => {
    expect(() => parseConfig({ DEFAULT_TIME_ZONE: value })).toThrow(ConfigError);
    expect(() => parseConfig({ DEFAULT_TIME_ZONE: value })).toThrow(
      /^Invalid configuration:\n {2}DEFAULT_TIME_ZONE: must be one of Asia\/Jakarta, Asia\/Makassar, Asia\/Jayapura or WIB, WITA, WIT \(got "/,
    );
  });
});
