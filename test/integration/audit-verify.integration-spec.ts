import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../src/modules/audit';
import { eventually, RunningWorker, startWorker, TEST_KEYS, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { spawnEntry } from '../support/spawn';

/** The sealer as the worker runs it, and `npm run cli -- audit:verify|audit:seal` as operators run them. */
describe('the audit chain in the worker and on the command line', () => {
  let db: TestDatabase;
  let worker: RunningWorker | undefined;
  let dataSource: DataSource;
  let audit: AuditService;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker(testEnv(db.url));
    dataSource = worker.app.get<DataSource>(getDataSourceToken());
    audit = worker.app.get(AuditService);
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  const cli = async (...args: string[]) => {
    const child = spawnEntry(
      'cli',
      { NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ...TEST_KEYS },
      args,
    );
    const code = await child.exit;
    return { code, stdout: child.stdout(), stderr: child.stderr() };
  };
  const record = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await dataSource.transaction((m) =>
        audit.record(m, {
          action: i % 2 ? 'case.read' : 'user.updated',
          actor: { id: randomUUID(), roles: ['supervisor'], organizationId: randomUUID() },
          entityType: i % 2 ? 'case' : 'user',
          entityId: randomUUID(),
          reasonText: i % 3 ? undefined : 'reason that may name someone',
          requestId: `req-cli-${i}`,
        }),
      );
    }
  };
  const unsealed = async () =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE hash IS NULL`))[0]!.n;
  const sealedIds = async () =>
    (
      await db.query<{ id: string }>(
        `SELECT id::text AS id FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY audit_events.chain_seq`,
      )
    ).map((r) => r.id);
  const withTriggerOff = async (sql: string, params: unknown[]) => {
    await db.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    try {
      await db.query(sql, params);
    } finally {
      await db.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    }
  };

  it('seals committed rows by itself: the worker runs audit.seal on its schedule', async () => {
    await record(12);
    await eventually(unsealed, (n) => n === 0, { timeoutMs: 30_000, what: 'the worker to seal the rows' });
    expect(await sealedIds()).toHaveLength(12);
  });

  it('audit:seal seals what is committed, when no worker runs', async () => {
    await worker!.close();
    worker = undefined;
    await db.query(`INSERT INTO audit_events (action) SELECT 'case.read' FROM generate_series(1, 8)`);
    const r = await cli('audit:seal');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sealed 8 rows');
    expect(await unsealed()).toBe(0);
  });

  it('audit:verify passes on a database with activity, printing the number of rows', async () => {
    const r = await cli('audit:verify');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('audit chain verified: 20 rows');
  });

  it('audit:verify fails naming the row changed in SQL behind the trigger', async () => {
    const ids = await sealedIds();
    const victim = ids[7]!;
    const [orig] = await db.query<{ outcome: string }>(`SELECT outcome FROM audit_events WHERE id = $1`, [
      victim,
    ]);
    await withTriggerOff(`UPDATE audit_events SET outcome = 'denied' WHERE id = $1`, [victim]);
    try {
      const r = await cli('audit:verify', '--batch-size', '3');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`audit chain broken at row ${victim}:`);
      expect(r.stdout).toContain('hash_mismatch');
    } finally {
      await withTriggerOff(`UPDATE audit_events SET outcome = $2 WHERE id = $1`, [victim, orig!.outcome]);
    }
  });

  it('audit:verify fails naming the row after one deleted in SQL behind the trigger', async () => {
    const ids = await sealedIds();
    await withTriggerOff(`DELETE FROM audit_events WHERE id = $1`, [ids[4]!]);
    const r = await cli('audit:verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`audit chain broken at row ${ids[5]!}: seq_gap`);
    expect(r.stdout).toContain('4 rows verified before the fault');
  });
});
