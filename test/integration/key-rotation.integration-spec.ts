import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CryptoService, registerEncryptedColumns } from '../../src/platform/crypto';
import { KeyRotation } from '../../src/platform/crypto/key-rotation';
import { dataSourceOptions } from '../../src/platform/database';
import '../../src/modules/identity/identity.personal-data';
import '../../src/modules/access/access.personal-data';
import { eventually, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { captureLogger } from '../support/log-capture';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

const key = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;
const K1 = key('k1');
const K2 = key('k2');
const I1 = key('i1');
const I2 = key('i2');

/** A table of this test with a blind-indexed column and an array column, registered like a module's. */
registerEncryptedColumns(
  {
    table: 'rotation_samples',
    idColumn: 'id',
    column: 'phone_enc',
    indexes: [{ column: 'phone_idx', kind: 'phone' }],
  },
  { table: 'rotation_samples', idColumn: 'id', column: 'names_enc', array: true },
);

const USERS = 7;
const SAMPLES = 5;

describe('key rotation (keys:rotate)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const cryptoWith = (dataKeys: string, indexKey: string): CryptoService =>
    new CryptoService(
      testEnv(db.url, { HAVEN_DATA_KEYS: dataKeys, HAVEN_INDEX_KEY: indexKey }),
      captureLogger().logger,
    );
  const keyIdsOf = async (table: string, column: string): Promise<string[]> =>
    (
      await db.query<{ k: string }>(
        `SELECT DISTINCT split_part(${column}, '.', 2) AS k FROM ${table} WHERE ${column} IS NOT NULL ORDER BY 1`,
      )
    ).map((r) => r.k);

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ ...dataSourceOptions({ url: db.url }), entities: [], migrations: [] });
    await dataSource.initialize();
    await db.query(`CREATE TABLE rotation_samples (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), phone_enc text, phone_idx text, names_enc jsonb)`);

    // Everything written under k1 and index key i1, as an installation before the rotation.
    const c1 = cryptoWith(K1, I1);
    const [org] = await db.query<{ id: string }>(
      `INSERT INTO organizations (name, type, province_code) VALUES ('Rotation centre', 'social_work_centre', '01') RETURNING id`,
    );
    for (let i = 0; i < USERS; i++) {
      await db.query(
        `INSERT INTO users (username, display_name, organization_id, password_hash, email_enc, mfa_secret_enc)
         VALUES ($1, $2, $3, 'x', $4, $5)`,
        [
          `rot${i}`,
          `Rotation user ${i}`,
          org!.id,
          c1.encrypt(`rot${i}@haven.test`, 'users.email_enc'),
          i % 2 === 0 ? c1.encrypt(`SECRET${i}`, 'users.mfa_secret_enc') : null,
        ],
      );
    }
    await db.query(
      `INSERT INTO break_glass_grants (user_id, case_id, organization_id, reason_text_enc, expires_at)
       VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, now() + interval '4 hours')`,
      [org!.id, c1.encrypt('covering the night shift', 'break_glass_grants.reason_text_enc')],
    );
    for (let i = 0; i < SAMPLES; i++) {
      const phone = `091234560${i}`;
      await db.query(`INSERT INTO rotation_samples (phone_enc, phone_idx, names_enc) VALUES ($1, $2, $3)`, [
        c1.encrypt(phone, 'rotation_samples.phone_enc'),
        c1.phoneIndex(phone),
        JSON.stringify([
          c1.encrypt(`Name ${i}`, 'rotation_samples.names_enc'),
          c1.encrypt(`Alias ${i}`, 'rotation_samples.names_enc'),
        ]),
      ]);
    }
    await db.query(
      `INSERT INTO audit_events (action, reason_code, reason_text_enc) VALUES ('break_glass.open', 'night_cover', $1)`,
      [c1.encrypt('covering the night shift', 'audit_events.reason_text_enc')],
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('counts stale values in a dry run and changes nothing', async () => {
    const report = await new KeyRotation(dataSource, cryptoWith(`${K2},${K1}`, I1)).rotate({ dryRun: true });
    const stale = Object.fromEntries(report.columns.map((c) => [c.column, c.stale]));
    expect(stale).toMatchObject({
      'users.email_enc': USERS,
      'users.mfa_secret_enc': Math.ceil(USERS / 2),
      'users.mfa_pending_secret_enc': 0,
      'break_glass_grants.reason_text_enc': 1,
      'rotation_samples.phone_enc': SAMPLES,
      'rotation_samples.names_enc': SAMPLES,
    });
    expect(await keyIdsOf('users', 'email_enc')).toEqual(['k1']);
  });

  it('stops after one batch and a second run finishes the work, touching only what is stale', async () => {
    const rotation = new KeyRotation(dataSource, cryptoWith(`${K2},${K1}`, I1));
    const first = await rotation.rotate({ batchSize: 3, maxBatches: 1, only: ['users.email_enc'] });
    expect(first.stopped).toBe(true);
    expect(first.columns).toEqual([
      expect.objectContaining({ column: 'users.email_enc', reEncrypted: 3, remaining: USERS - 3 }),
    ]);
    expect(await keyIdsOf('users', 'email_enc')).toEqual(['k1', 'k2']);
    const underK2 = await db.query<{ id: string; email_enc: string }>(
      `SELECT id, email_enc FROM users WHERE split_part(email_enc, '.', 2) = 'k2' ORDER BY id`,
    );

    const second = await rotation.rotate({ batchSize: 3, only: ['users.email_enc'] });
    expect(second.stopped).toBe(false);
    expect(second.columns[0]).toMatchObject({ reEncrypted: USERS - 3, remaining: 0 });
    expect(second.batches).toBe(Math.ceil((USERS - 3) / 3));
    // The values the first run re-encrypted are exactly as it left them.
    const again = await db.query<{ id: string; email_enc: string }>(
      `SELECT id, email_enc FROM users WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [underK2.map((r) => r.id)],
    );
    expect(again).toEqual(underK2);
    expect(await keyIdsOf('users', 'email_enc')).toEqual(['k2']);
  });

  it('puts every registered value under the new key, where it still decrypts without the old key', async () => {
    const report = await new KeyRotation(dataSource, cryptoWith(`${K2},${K1}`, I1)).rotate({ batchSize: 2 });
    expect(report.columns.every((c) => c.remaining === 0 && c.conflicts === 0)).toBe(true);
    for (const [table, column] of [
      ['users', 'email_enc'],
      ['users', 'mfa_secret_enc'],
      ['break_glass_grants', 'reason_text_enc'],
      ['rotation_samples', 'phone_enc'],
    ] as const) {
      expect(await keyIdsOf(table, column)).toEqual(['k2']);
    }

    const onlyK2 = cryptoWith(K2, I1);
    const users = await db.query<{ username: string; email_enc: string; mfa_secret_enc: string | null }>(
      `SELECT username, email_enc, mfa_secret_enc FROM users ORDER BY username`,
    );
    expect(users).toHaveLength(USERS);
    for (const u of users) {
      expect(onlyK2.decrypt(u.email_enc, 'users.email_enc')).toBe(`${u.username}@haven.test`);
      const i = Number(u.username.slice(3));
      expect(onlyK2.decryptOptional(u.mfa_secret_enc, 'users.mfa_secret_enc')).toBe(
        i % 2 === 0 ? `SECRET${i}` : null,
      );
    }
    const [grant] = await db.query<{ reason_text_enc: string }>(
      `SELECT reason_text_enc FROM break_glass_grants`,
    );
    expect(onlyK2.decrypt(grant!.reason_text_enc, 'break_glass_grants.reason_text_enc')).toBe(
      'covering the night shift',
    );
    const samples = await db.query<{ names_enc: string[] }>(`SELECT names_enc FROM rotation_samples`);
    for (const s of samples) {
      expect(s.names_enc.map((v) => onlyK2.keyIdOf(v))).toEqual(['k2', 'k2']);
      expect(onlyK2.decrypt(s.names_enc[1]!, 'rotation_samples.names_enc')).toMatch(/^Alias \d$/);
    }

    // Nothing left: a further run changes nothing.
    const after = await new KeyRotation(dataSource, cryptoWith(`${K2},${K1}`, I1)).rotate();
    expect(after.columns.map((c) => c.stale)).toEqual(after.columns.map(() => 0));
  });

  it('leaves the append-only audit trail alone and names its encrypted column as not rotated', async () => {
    const report = await new KeyRotation(dataSource, cryptoWith(`${K2},${K1}`, I1)).rotate();
    expect(report.unregistered).toContain('audit_events.reason_text_enc');
    expect(await keyIdsOf('audit_events', 'reason_text_enc')).toEqual(['k1']);
  });

  it('re-indexes blind indexes when the index key changes, so searches under the new key find the rows', async () => {
    const c3 = cryptoWith(`${K2},${K1}`, I2);
    const before = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rotation_samples WHERE phone_idx = $1`,
      [c3.phoneIndex('0912345602')],
    );
    expect(before[0]!.n).toBe(0);

    const report = await new KeyRotation(dataSource, c3).rotate({ batchSize: 2 });
    expect(report.columns.find((c) => c.column === 'rotation_samples.phone_enc')).toMatchObject({
      reEncrypted: 0,
      reIndexed: SAMPLES,
      remaining: 0,
    });
    const rows = await db.query<{ phone_enc: string; phone_idx: string }>(
      `SELECT phone_enc, phone_idx FROM rotation_samples`,
    );
    for (const r of rows) {
      expect(r.phone_idx).toBe(c3.phoneIndex(c3.decrypt(r.phone_enc, 'rotation_samples.phone_enc')));
      expect(r.phone_idx.startsWith('i2:')).toBe(true);
    }
    const found = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rotation_samples WHERE phone_idx = $1`,
      [c3.phoneIndex('+84 912 345 602')],
    );
    expect(found[0]!.n).toBe(1);
  });

  it('runs as npm run cli -- keys:rotate and reports what it did', async () => {
    await db.query(`UPDATE break_glass_grants SET reason_text_enc = $1`, [
      cryptoWith(K1, I1).encrypt('covering the night shift', 'break_glass_grants.reason_text_enc'),
    ]);
    const child = spawnEntry(
      'cli',
      {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        HAVEN_DATA_KEYS: `${K2},${K1}`,
        HAVEN_INDEX_KEY: I2,
        JWT_SECRET: randomBytes(32).toString('base64url'),
      },
      ['keys:rotate', '--batch-size', '10'],
    );
    const code = await child.exit;
    expect(child.stderr()).toBe('');
    expect(code).toBe(0);
    expect(child.stdout()).toContain('active data key: k2; index key: i2');
    expect(child.stdout()).toMatch(
      /break_glass_grants\.reason_text_enc: 1 re-encrypted, 0 re-indexed, 0 changed meanwhile, 0 still stale/,
    );
    expect(child.stdout()).toContain('not rotated (no module registers them): audit_events.reason_text_enc');
    expect(await keyIdsOf('break_glass_grants', 'reason_text_enc')).toEqual(['k2']);
  });
  it('stops naming the column and the row when a value is under a key the ring no longer holds', async () => {
    const k0 = cryptoWith(key('k0'), I2);
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO rotation_samples (phone_enc) VALUES ($1) RETURNING id`,
      [k0.encrypt('0987654321', 'rotation_samples.phone_enc')],
    );
    try {
      const rotation = new KeyRotation(dataSource, cryptoWith(`${K2},${K1}`, I2));
      await expect(rotation.rotate({ only: ['rotation_samples.phone_enc'] })).rejects.toThrow(
        `rotation_samples.phone_enc of row ${row!.id}: cannot decrypt a field: key k0 is not in the key ring`,
      );
    } finally {
      await db.query(`DELETE FROM rotation_samples WHERE id = $1`, [row!.id]);
    }
  });
  it('leaves a row that the application changed between the read and the write, and counts it', async () => {
    const c1 = cryptoWith(K1, I2);
    const c2 = cryptoWith(`${K2},${K1}`, I2);
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO rotation_samples (phone_enc, phone_idx) VALUES ($1, $2) RETURNING id`,
      [c1.encrypt('0911000001', 'rotation_samples.phone_enc'), c1.phoneIndex('0911000001')],
    );
    // The application holds the row (an edit in progress) while the rotation reads it and tries to write.
    const app = new Client({ connectionString: db.url });
    await app.connect();
    try {
      await app.query('BEGIN');
      await app.query('SELECT 1 FROM rotation_samples WHERE id = $1 FOR UPDATE', [row!.id]);
      const run = new KeyRotation(dataSource, c2).rotate({ only: ['rotation_samples.phone_enc'] });
      await eventually(
        () =>
          db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE%'`,
          ),
        (r) => r[0]!.n === 1,
        { what: 'the rotation to wait for the row' },
      );
      const edited = c2.encrypt('0911000002', 'rotation_samples.phone_enc');
      await app.query('UPDATE rotation_samples SET phone_enc = $1, phone_idx = $2 WHERE id = $3', [
        edited,
        c2.phoneIndex('0911000002'),
        row!.id,
      ]);
      await app.query('COMMIT');
      const report = await run;
      expect(report.columns[0]).toMatchObject({ stale: 1, reEncrypted: 0, conflicts: 1, remaining: 0 });
      const [after] = await db.query<{ phone_enc: string }>(
        `SELECT phone_enc FROM rotation_samples WHERE id = $1`,
        [row!.id],
      );
      expect(after!.phone_enc).toBe(edited);
    } finally {
      await app.end();
      await db.query(`DELETE FROM rotation_samples WHERE id = $1`, [row!.id]);
    }
  });
});
