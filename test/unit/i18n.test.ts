import { describe, expect, it } from 'vitest';
import { en, id } from '../../shared/i18n/catalogues';
import { at } from '../helpers/at';

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

const idCatalogue: Record<string, string> = id;
const enCatalogue: Record<string, string> = en;

describe('i18n catalogues', () => {
  it('L1 en and id have exactly the same keys', () => {
    expect(Object.keys(enCatalogue).sort()).toEqual(Object.keys(idCatalogue).sort());
  });

  it('L2 every key has the same {placeholders} in id and en', () => {
    for (const key of Object.keys(idCatalogue)) {
      expect(placeholders(enCatalogue[key] ?? ''), key).toEqual(placeholders(idCatalogue[key] ?? ''));
    }
  });

  it('L3 no value is empty', () => {
    for (const [name, catalogue] of [
      ['id', idCatalogue],
      ['en', enCatalogue],
    ] as const) {
      for (const [key, value] of Object.entries(catalogue)) {
        expect(value.trim(), `${name} ${key}`).not.toBe('');
      }
    }
  });
});

describe('server errors carry a catalogue key', () => {
  it('L4 every feature area gives en exactly the keys of id, and no key sits in two areas', async () => {
    const { MESSAGE_AREAS } = await import('../../shared/i18n/catalogues');
    const seen = new Map<string, string>();
    for (const [name, area] of Object.entries(MESSAGE_AREAS)) {
      const ids: Record<string, string> = area.id;
      const ens: Record<string, string> = area.en;
      expect(Object.keys(ens).sort(), name).toEqual(Object.keys(ids).sort());
      for (const key of Object.keys(ids)) {
        expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
    expect(seen.size).toBe(Object.keys(idCatalogue).length);
  });

  it('L5 an AppError answers with its key, its params and the English text of that key', async () => {
    const { AppError, toApiError } = await import('../../server/errors');
    const { translate } = await import('../../shared/i18n');
    const err = new AppError('conflict', 'errors.shortNameTaken', { shortName: 'Dinkes', name: 'Dinas Kesehatan' }, 'shortName');
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: 'conflict',
      key: 'errors.shortNameTaken',
      params: { shortName: 'Dinkes', name: 'Dinas Kesehatan' },
      message: 'The short name "Dinkes" is already used by Dinas Kesehatan.',
      field: 'shortName',
    });
    expect(translate('id', err.key, err.params)).toBe('Singkatan "Dinkes" sudah dipakai oleh Dinas Kesehatan.');
    // A bad request names its field before the text, as a zod failure does.
    expect(new AppError('bad_request', 'errors.rangeTooLong', { n: 400 }, 'to').message).toBe('to: at most 400 days at a time.');
    // Anything else is internal, keyed too, and says nothing of what broke.
    expect(toApiError(new Error('SQLITE_BUSY'))).toMatchObject({ code: 'internal', key: 'errors.internalFallback' });
  });

  it("L6 a zod failure yields keyed details: a schema names its key, zod's own issues are keyed by issue code", async () => {
    const { meetingInputSchema, setupInputSchema, validationError } = await import('../../shared/protocol');
    const { translate } = await import('../../shared/i18n');
    const setup = setupInputSchema.safeParse({ token: 'x', username: 'admin', password: 'short' });
    expect(setup.success).toBe(false);
    const error = validationError(setup.error!);
    expect(error).toMatchObject({
      code: 'bad_request',
      field: 'password',
      key: 'field.minChars',
      params: { n: 10 },
      message: 'password: at least 10 characters',
    });
    expect(error.details?.[0]).toMatchObject({ field: 'password', key: 'field.minChars', params: { n: 10 }, message: 'at least 10 characters' });
    const detail = at(error.details ?? [], 0, 'detail');
    expect(translate('id', detail.key, detail.params)).toBe('minimal 10 karakter');

    const meeting = meetingInputSchema.safeParse({
      title: 42,
      date: '2022-06-13',
      startTime: '10:00',
      endTime: '09:00',
      chairName: 'Wabup',
      notulis: ['Rina'],
    });
    const details = validationError(meeting.error!).details ?? [];
    expect(details.find((d) => d.field === 'title')).toMatchObject({ key: 'field.invalidType', params: { expected: 'string' } });
    // A built-in issue reads in Bahasa Indonesia too.
    expect(translate('id', 'field.invalidType', { expected: 'string' })).toBe('isian tidak sah (seharusnya string)');
  });

  it('L7 the texts the Indonesian forms showed for server messages are unchanged', async () => {
    const { translate } = await import('../../shared/i18n');
    expect(translate('id', 'field.required')).toBe('wajib diisi');
    expect(translate('id', 'field.minChars', { n: 10 })).toBe('minimal 10 karakter');
    expect(translate('id', 'field.endAfterStart')).toBe('rencana selesai harus setelah waktu mulai');
    expect(translate('id', 'field.kindOneOf', { kinds: 'dinas, badan', got: 'planet' })).toBe('jenis harus salah satu dari dinas, badan (tertulis "planet")');
    expect(translate('id', 'field.shortNameRepeated', { name: 'Dinkes', line: 2 })).toBe('singkatan "Dinkes" sudah dipakai di baris 2');
  });
});
