import { randomBytes } from 'node:crypto';
import { loadEnv } from '../../../platform/config/env.schema';
import { CryptoService } from '../../../platform/crypto';
import type { Queryable } from '../../../platform/database';
import { createLogger } from '../../../platform/logging/logger';
import { CaseFileRepository } from './case-file.repository';

const key = (): string => randomBytes(32).toString('base64');
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

/** A connection that answers the stored name and birth year and keeps the statements it is given. */
function fakeDb(stored: { fullName: string | null; birthYear: number | null }) {
  const statements: { text: string; values: unknown[] }[] = [];
  const q: Queryable = {
    query: (text: string, values?: unknown[]) => {
      statements.push({ text, values: values ?? [] });
      if (text.startsWith('SELECT')) {
        return Promise.resolve([
          {
            full_name_enc: stored.fullName && crypto.encrypt(stored.fullName, 'survivors.full_name_enc'),
            birth_year_enc:
              stored.birthYear === null
                ? null
                : crypto.encrypt(String(stored.birthYear), 'survivors.birth_year_enc'),
          },
        ]);
      }
      return Promise.resolve([]);
    },
  } as Queryable;
  /** The columns and values of the UPDATE. */
  const written = (): Record<string, unknown> => {
    const update = statements.find((s) => s.text.startsWith('UPDATE survivors'));
    if (!update) return {};
    const columns = [...update.text.matchAll(/(\w+) = \$(\d+)/g)];
    const out: Record<string, unknown> = {};
    for (const [, c, n] of columns) if (c !== undefined) out[c] = update.values[Number(n) - 1];
    return out;
  };
  return { q, statements, written };
}

describe('CaseFileRepository.patchSurvivor', () => {
  const repo = new CaseFileRepository(crypto);
  const caseId = '00000000-0000-4000-8000-000000000001';

  it('recomputes the name + birth year index from the new name and the stored birth year', async () => {
    const db = fakeDb({ fullName: 'Nguyễn Thị A', birthYear: 1990 });
    await repo.patchSurvivor(db.q, caseId, { facts: {}, personal: { fullName: 'Trần Thị B' } });
    const w = db.written();
    expect(w.name_birth_year_index).toBe(crypto.nameBirthYearIndex('Trần Thị B', 1990));
    expect(crypto.decrypt(w.full_name_enc as string, 'survivors.full_name_enc')).toBe('Trần Thị B');
    expect(crypto.decrypt(w.birth_year_enc as string, 'survivors.birth_year_enc')).toBe('1990');
    expect(w.case_id).toBe(caseId);
  });

  it('clears the index when the name is cleared or no birth year is stored', async () => {
    const cleared = fakeDb({ fullName: 'Nguyễn Thị A', birthYear: 1990 });
    await repo.patchSurvivor(cleared.q, caseId, { facts: {}, personal: { fullName: '' } });
    expect(cleared.written()).toMatchObject({ full_name_enc: null, name_birth_year_index: null });
    const noYear = fakeDb({ fullName: null, birthYear: null });
    await repo.patchSurvivor(noYear.q, caseId, { facts: {}, personal: { fullName: 'Lê Văn C' } });
    expect(noYear.written().name_birth_year_index).toBeNull();
  });

  it('indexes phones and the guardian phone; no phones is NULL with no indexes', async () => {
    const db = fakeDb({ fullName: null, birthYear: null });
    await repo.patchSurvivor(db.q, caseId, {
      facts: { canCall: false },
      personal: { phones: null, guardian: { fullName: null, phone: '+84912345678' } },
    });
    const w = db.written();
    expect(w).toMatchObject({ phones_enc: null, phone_indexes: [], can_call: false });
    expect(w.guardian_phone_index).toBe(crypto.phoneIndex('+84912345678'));
    expect(db.statements.some((s) => s.text.startsWith('SELECT'))).toBe(false);
    expect(w).not.toHaveProperty('name_birth_year_index');
  });

  it('writes nothing when no field is given', async () => {
    const db = fakeDb({ fullName: null, birthYear: null });
    await repo.patchSurvivor(db.q, caseId, { facts: { sex: undefined }, personal: {} });
    expect(db.statements).toEqual([]);
  });
});
