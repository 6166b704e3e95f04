import { describe, expect, it } from 'vitest';
import { en, id } from '../../shared/i18n/catalogues';

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

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
    for (const [name, catalogue] of [['id', idCatalogue], ['en', enCatalogue]] as const) {
      for (const [key, value] of Object.entries(catalogue)) {
        expect(value.trim(), `${name} ${key}`).not.toBe('');
      }
    }
  });
});

describe('server field messages in the reader\'s language', () => {
  it('L4 known zod messages become catalogue texts with their numbers; unknown ones stay as written', async () => {
    const { matchFieldMessage } = await import('../../shared/i18n/field-messages');
    const { translate } = await import('../../shared/i18n');
    const fill = (m: string) => {
      const k = matchFieldMessage(m);
      return k ? translate('id', k.key, k.params) : m;
    };
    expect(fill('required')).toBe('wajib diisi');
    expect(fill('at least 10 characters')).toBe('minimal 10 karakter');
    expect(fill('the planned end must be after the start')).toBe('rencana selesai harus setelah waktu mulai');
    expect(fill('kind must be one of dinas, badan (got "planet")')).toBe('jenis harus salah satu dari dinas, badan (tertulis "planet")');
    expect(fill('short_name "Dinkes" is already on line 2')).toBe('singkatan "Dinkes" sudah dipakai di baris 2');
    expect(fill('something new')).toBe('something new');
  });
});
