import { randomBytes } from 'node:crypto';
import { loadEnv } from '../config/env.schema';
import { createLogger } from '../logging/logger';
import { CryptoService } from './crypto.service';
import { contextOf, encryptedColumns } from './encrypted-fields';
import { declarePersonalData, integer, json, personalDataDeclarations, text } from './personal-data';

const key = () => randomBytes(32).toString('base64');
const crypto = new CryptoService(
  loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://x@localhost:5432/x',
    REDIS_URL: 'redis://localhost:6379',
    HAVEN_DATA_KEYS: `k1:${key()}`,
    HAVEN_INDEX_KEY: `i1:${key()}`,
    JWT_SECRET: 'j'.repeat(40),
  }),
  createLogger({ level: 'silent', destination: { write: () => undefined } }),
);

const PEOPLE = declarePersonalData({
  table: 'spec_people',
  idColumn: 'id',
  caseColumn: 'case_id',
  fields: {
    fullName: text('full_name_enc', { index: { column: 'full_name_idx', kind: 'name' } }),
    birthYear: integer('birth_year_enc'),
    phones: json<string[]>('phones_enc', { elementIndex: { column: 'phone_idx', kind: 'phone' } }),
    note: text('note_enc', { erasedTo: '' }),
  },
  derivedIndexes: [
    {
      column: 'name_year_idx',
      from: ['fullName', 'birthYear'],
      compute: (c, v) => c.blindIndex('name_birth_year', `${String(v.fullName)}|${String(v.birthYear)}`),
    },
  ],
});

const MARKER = 'Markerlan Nguyễn';

describe('personal data declared once', () => {
  it('seals every declared column on insert, absent ones as NULL, with their blind indexes', () => {
    const cols = PEOPLE.sealInsert(crypto, { fullName: MARKER, birthYear: 1990, phones: ['0912345678'] });
    expect(Object.keys(cols).sort()).toEqual(
      [
        'birth_year_enc',
        'full_name_enc',
        'full_name_idx',
        'name_year_idx',
        'note_enc',
        'phone_idx',
        'phones_enc',
      ].sort(),
    );
    expect(cols.note_enc).toBeNull();
    expect(JSON.stringify(cols)).not.toContain('Markerlan');
    expect(JSON.stringify(cols)).not.toContain('0912345678');
    expect(cols.full_name_idx).toBe(crypto.nameIndex(MARKER));
    expect(cols.phone_idx).toEqual([crypto.phoneIndex('0912345678')]);
    expect(typeof cols.name_year_idx).toBe('string');
  });

  it('opens a row back to its API names under the contexts "<table>.<column>"', () => {
    const cols = PEOPLE.sealInsert(crypto, { fullName: MARKER, birthYear: 1990, phones: ['0912345678'] });
    expect(PEOPLE.open(crypto, cols)).toEqual({
      fullName: MARKER,
      birthYear: 1990,
      phones: ['0912345678'],
      note: null,
    });
    expect(crypto.decrypt(cols.full_name_enc as string, 'spec_people.full_name_enc')).toBe(MARKER);
    expect(() => crypto.decrypt(cols.full_name_enc as string, 'spec_people.note_enc')).toThrow();
    expect(PEOPLE.context('birthYear')).toBe('spec_people.birth_year_enc');
  });

  it('patches only the fields given; null and an empty text clear them and their indexes', () => {
    const patched = PEOPLE.sealPatch(crypto, { note: 'mới' });
    expect(Object.keys(patched)).toEqual(['note_enc']);
    expect(crypto.decrypt(patched.note_enc as string, 'spec_people.note_enc')).toBe('mới');
    expect(PEOPLE.sealPatch(crypto, { note: '' })).toEqual({ note_enc: null });
    expect(PEOPLE.sealPatch(crypto, { phones: null })).toEqual({ phones_enc: null, phone_idx: [] });
    expect(PEOPLE.sealPatch(crypto, {})).toEqual({});
  });

  it('refuses a derived index given half (never skips it), and computes it from both', () => {
    expect(() => PEOPLE.sealPatch(crypto, { fullName: MARKER })).toThrow(
      'spec_people.name_year_idx is computed from fullName + birthYear: write them together',
    );
    const both = PEOPLE.sealPatch(crypto, { fullName: MARKER, birthYear: 1990 });
    expect(both.name_year_idx).toBe(
      PEOPLE.sealInsert(crypto, { fullName: MARKER, birthYear: 1990 }).name_year_idx,
    );
  });

  it('erases every field (NOT NULL ones to their encrypted erasedTo) and clears every index', () => {
    const erased = PEOPLE.erasure(crypto);
    expect(erased).toMatchObject({
      full_name_enc: null,
      full_name_idx: null,
      birth_year_enc: null,
      phones_enc: null,
      phone_idx: [],
      name_year_idx: null,
    });
    expect(crypto.decrypt(erased.note_enc as string, 'spec_people.note_enc')).toBe('');
    expect(PEOPLE.holdsAnyCondition('p')).toBe(
      'p.full_name_enc IS NOT NULL OR p.birth_year_enc IS NOT NULL OR p.phones_enc IS NOT NULL',
    );
  });

  it('registers its columns and single-column indexes for key rotation, once', () => {
    const registered = encryptedColumns().filter((c) => c.table === 'spec_people');
    expect(registered.map(contextOf)).toEqual([
      'spec_people.full_name_enc',
      'spec_people.birth_year_enc',
      'spec_people.phones_enc',
      'spec_people.note_enc',
    ]);
    expect(registered[0]).toMatchObject({
      idColumn: 'id',
      indexes: [{ column: 'full_name_idx', kind: 'name' }],
    });
    expect(declarePersonalData({ table: 'spec_people', idColumn: 'id', fields: {} })).toBe(PEOPLE);
    expect(personalDataDeclarations().filter((d) => d.table === 'spec_people')).toHaveLength(1);
  });

  it('refuses a protected column whose name does not end in _enc', () => {
    expect(() =>
      declarePersonalData({ table: 'spec_bad', idColumn: 'id', fields: { name: text('full_name') } }),
    ).toThrow("spec_bad: field name's column must end in _enc");
  });

  it('names the context, never the value, when a stored value is not a ciphertext', () => {
    expect(() => PEOPLE.openOne(crypto, 'fullName', 42)).toThrow(
      'spec_people.full_name_enc: not a stored ciphertext',
    );
    expect(PEOPLE.openOne(crypto, 'fullName', null)).toBeNull();
  });
});
