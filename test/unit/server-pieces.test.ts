import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config';
import { deriveLinkToken, hashPassword, hashToken, verifyPassword } from '../../server/auth/crypto';
import { parseOpdCsv } from '../../server/services/opd-csv';
import { match } from '../helpers/match';
import { at } from '../helpers/at';

describe('configuration', () => {
  it('C1 defaults give a working server', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info', PUBLIC_URL: 'http://localhost:3000' });
  });
  it.each([
    [{ PORT: 'tiga ribu' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_URL: 'rakor.local' }, 'PUBLIC_URL'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
  ])('C1 %o stops the boot naming %s', (env, variable) => {
    expect(() => parseConfig(env)).toThrow(new RegExp(`^Invalid configuration:\\n  ${variable}:`));
  });
  it('C1 PUBLIC_URL loses its trailing slash and empty variables count as unset', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://rakor.kutaitimurkab.go.id/', PORT: '' }).PUBLIC_URL).toBe('https://rakor.kutaitimurkab.go.id');
  });
  it('C1 TRUST_PROXY believes nobody by default, and takes hops or addresses as Express does', () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toEqual(['loopback']);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5, fd00::/8' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
    ]);
  });
  it('C1 C4 DATABASE_URL is unset by default (SQLite in DATA_DIR) and takes postgres:// or postgresql://', () => {
    expect(parseConfig({}).DATABASE_URL).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: 'postgres://rakor:rahasia@db:5432/rakor' }).DATABASE_URL).toBe('postgres://rakor:rahasia@db:5432/rakor');
    expect(parseConfig({ DATABASE_URL: 'postgresql://db/rakor' }).DATABASE_URL).toBe('postgresql://db/rakor');
  });
  it.each(['mysql://rakor:rahasia@db/rakor', 'db:5432/rakor', 'postgres://rakor:rahasia@db/ra kor'])(
    'C1 C4 DATABASE_URL=%s stops the boot naming it, never its password',
    (value) => {
      let message = '';
      try {
        parseConfig({ DATABASE_URL: value });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration:\n {2}DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(message).not.toContain('rahasia');
    },
  );
  it.each(['true', 'proxy.local', '10.0.0.0/33', '10.0.0.1/8/8', ','])('C1 TRUST_PROXY=%s stops the boot naming it', (value) => {
    expect(() => parseConfig({ TRUST_PROXY: value })).toThrow(/^Invalid configuration:\n {2}TRUST_PROXY:/);
  });
});

describe('secrets', () => {
  it('A2 passwords hash with scrypt and verify', async () => {
    const hash = await hashPassword('kata sandi panjang');
    expect(hash.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('kata sandi panjang', hash)).toBe(true);
    expect(await verifyPassword('kata sandi salah', hash)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
  it('A5 link tokens depend on the key, the link and its nonce', () => {
    const key = Buffer.alloc(32, 1);
    const t = deriveLinkToken(key, 'l1', 'n1');
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(deriveLinkToken(key, 'l1', 'n1')).toBe(t);
    expect(deriveLinkToken(key, 'l1', 'n2')).not.toBe(t);
    expect(deriveLinkToken(Buffer.alloc(32, 2), 'l1', 'n1')).not.toBe(t);
    expect(hashToken(t)).not.toBe(t);
  });
});

describe('directory CSV', () => {
  it('D3 numbers lines as the spreadsheet does, where a row with a quoted line break starts', () => {
    const csv = 'name,short_name,kind,group\n"Dinas\nSosial",Dinsos,dinas,Asisten I\n,Bad,dinas,Asisten I\n';
    const { rows, problems } = parseOpdCsv(csv);
    expect(rows[0]).toMatchObject({ line: 2, opd: { name: 'Dinas\nSosial' } });
    expect(problems).toEqual([{ line: 4, field: 'name', key: 'field.required', params: match.any(Object), message: match.any(String) }]);
  });
  it('D3 a broken quote is reported, not thrown', () => {
    const { problems } = parseOpdCsv('name,short_name,kind,group\n"Dinas,X,dinas,Asisten I\n');
    expect(at(problems, 0, 'problem').message).toMatch(/not valid CSV/);
  });
});
