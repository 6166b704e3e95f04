import { describe, expect, it } from 'vitest';
import { en } from '../../shared/i18n/en';
import { id } from '../../shared/i18n/id';

const placeholders = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();

const idCatalogue: Record<string, string> = id;
const enCatalogue: Record<string, string> = en;

describe('i18n catalogues', () => {
  it('I1 en and id have exactly the same keys', () => {
    expect(Object.keys(enCatalogue).sort()).toEqual(Object.keys(idCatalogue).sort());
  });

  it('I2 every key has the same {placeholders} in id and en', () => {
    for (const key of Object.keys(idCatalogue)) {
      expect(placeholders(enCatalogue[key] ?? ''), key).toEqual(placeholders(idCatalogue[key] ?? ''));
    }
  });

  it('I3 no value is empty', () => {
    for (const [name, catalogue] of [['id', idCatalogue], ['en', enCatalogue]] as const) {
      for (const [key, value] of Object.entries(catalogue)) {
        expect(value.trim(), `${name} ${key}`).not.toBe('');
      }
    }
  });
});
