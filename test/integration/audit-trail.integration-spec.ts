import { randomUUID } from 'node:crypto';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { platformImports } from '../../src/app.module';
import {
  AuditModule,
  AuditSealer,
  AuditService,
  AuditTrailService,
  AuditVerifier,
} from '../../src/modules/audit';
import { AUDIT_ROW_COLUMNS, AuditRowRecord, toStoredRow } from '../../src/modules/audit/audit-rows';
import { rowHash } from '../../src/modules/audit/domain/hash-chain';
import { Env } from '../../src/platform/config';
import { Actor, DomainError } from '../../src/platform/http';
import { nestLogger } from '../../src/platform/logging';
import { testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { captureLogger } from '../support/log-capture';

/** The platform and the audit module alone: what the sealer, the verifier and the queries need. */
@Module({})
class AuditOnlyModule {
  static forRoot(env: Env): DynamicModule {
    const { logger } = captureLogger('warn');
    return { module: AuditOnlyModule, imports: [...platformImports(env, logger, 'audit-test'), AuditModule] };
  }
}

interface ChainRowState {
  id: string;
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

describe('the audit trail: append-only storage, sealing and verification', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let audit: AuditService;
  let sealer: AuditSealer;
  let verifier: AuditVerifier;

  const orgId = randomUUID();
  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url);
    app = await NestFactory.createApplicationContext(AuditOnlyModule.forRoot(env), {
      logger: nestLogger(captureLogger('warn').logger),
      abortOnError: false,
    });
    await app.init();
    dataSource = app.get<DataSource>(getDataSourceToken());
    audit = app.get(AuditService);
    sealer = app.get(AuditSealer);
    verifier = app.get(AuditVerifier);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Writes n audit rows through AuditService.record, each in its own transaction (as requests do). */
  const recordRows = async (n: number, extra: { caseId?: string; reasonText?: string } = {}) => {
    for (let i = 0; i < n; i++) {
      await dataSource.transaction((m) =>
        audit.record(m, {
          action: 'case.read',
          actor: { id: randomUUID(), roles: ['counsellor'], organizationId: orgId },
          entityType: 'case',
          entityId: randomUUID(),
          requestId: `req-${i}`,
          ...extra,
        }),
      );
    }
  };
  const lastId = async () =>
    (await db.query<{ id: string }>(`SELECT max(id)::text AS id FROM audit_events`))[0]!.id;
  const unsealedCount = async () =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE hash IS NULL`))[0]!.n;
  const chain = () =>
    db.query<ChainRowState>(
      `SELECT id::text, chain_seq::text, prev_hash, hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY audit_events.chain_seq`,
    );
  /** Runs SQL with the append-only trigger off, as an intruder with the owner's rights could. */
  const withTriggerOff = async (sql: string, params: unknown[] = []) => {
    await db.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    try {
      await db.query(sql, params);
    } finally {
      await db.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    }
  };

  describe('the append-only trigger', () => {
    let id: string;
    beforeAll(async () => {
      await recordRows(2);
      id = await lastId();
    });

    it('refuses an UPDATE of a recorded column', async () => {
      await expect(
        db.query(`UPDATE audit_events SET action = 'case.updated' WHERE id = $1`, [id]),
      ).rejects.toThrow(/append-only: UPDATE refused/);
      const [row] = await db.query<{ action: string }>(`SELECT action FROM audit_events WHERE id = $1`, [id]);
      expect(row!.action).toBe('case.read');
    });

    it('refuses a seal that also changes the row', async () => {
      await expect(
        db.query(
          `UPDATE audit_events SET chain_seq = 999, prev_hash = '', hash = 'x', outcome = 'denied' WHERE id = $1`,
          [id],
        ),
      ).rejects.toThrow(/append-only/);
    });

    it('refuses a DELETE', async () => {
      await expect(db.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      expect(await db.query(`SELECT 1 FROM audit_events WHERE id = $1`, [id])).toHaveLength(1);
    });

    it('refuses a TRUNCATE', async () => {
      await expect(db.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect(await unsealedCount()).toBeGreaterThan(0);
    });

    it("allows the sealer's one update, and then no second one: neither re-sealing nor unsealing", async () => {
      await sealer.sealNow();
      const [row] = await db.query<ChainRowState>(
        `SELECT id::text, chain_seq::text, prev_hash, hash FROM audit_events WHERE id = $1`,
        [id],
      );
      expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row!.chain_seq).not.toBeNull();
      await expect(
        db.query(`UPDATE audit_events SET hash = $2 WHERE id = $1`, [id, 'f'.repeat(64)]),
      ).rejects.toThrow(/append-only/);
      await expect(
        db.query(`UPDATE audit_events SET hash = NULL, chain_seq = NULL, prev_hash = NULL WHERE id = $1`, [
          id,
        ]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    });
  });

  describe('the sealer', () => {
    it('seals committed rows in id order with consecutive chain_seq values, each linked to the one before', async () => {
      await recordRows(5);
      await sealer.sealNow();
      const rows = await chain();
      expect(rows.length).toBeGreaterThanOrEqual(5);
      rows.forEach((r, i) => {
        expect(r.chain_seq).toBe(String(i + 1));
        expect(r.prev_hash).toBe(i === 0 ? '' : rows[i - 1]!.hash);
      });
      const ids = rows.map((r) => BigInt(r.id));
      expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
      const [head] = await db.query<{ last_seq: string; last_hash: string }>(
        `SELECT last_seq::text, last_hash FROM audit_chain_head`,
      );
      expect(head).toEqual({ last_seq: String(rows.length), last_hash: rows.at(-1)!.hash });
      expect(await unsealedCount()).toBe(0);
    });

    it('hashes the time with its microseconds, as PostgreSQL holds it', async () => {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO audit_events (at, action, actor_roles, request_id)
         VALUES ('2026-03-01 09:03:04.123457+07', 'auth.login', '{counsellor}', 'req-precise')
         RETURNING id::text`,
      );
      await sealer.sealNow();
      const [sealed] = await db.query<{ chain_seq: string; prev_hash: string; hash: string }>(
        `SELECT chain_seq::text, prev_hash, hash FROM audit_events WHERE id = $1`,
        [row!.id],
      );
      const expected = rowHash(sealed!.prev_hash, {
        id: row!.id,
        at: '2026-03-01T02:03:04.123457Z',
        actorId: null,
        actorRoles: ['counsellor'],
        organizationId: null,
        action: 'auth.login',
        outcome: 'success',
        entityType: null,
        entityId: null,
        caseId: null,
        reasonCode: null,
        reasonTextEnc: null,
        requestId: 'req-precise',
        chainSeq: sealed!.chain_seq,
      });
      expect(sealed!.hash).toBe(expected);
    });

    it('is idempotent: a second run seals nothing and changes nothing', async () => {
      await recordRows(3);
      const first = await sealer.sealNow();
      expect(first.sealed).toBe(3);
      const before = await chain();
      const second = await sealer.sealNow();
      expect(second).toEqual({ sealed: 0, lastSeq: first.lastSeq });
      expect(await chain()).toEqual(before);
    });

    it('seals a backlog larger than one batch, batch by batch', async () => {
      await db.query(
        `INSERT INTO audit_events (action, entity_type, entity_id, request_id)
         SELECT 'case.read', 'case', 'c-' || g, 'req-bulk-' || g FROM generate_series(1, 250) g`,
      );
      const r = await sealer.sealNow({ batchSize: 40 });
      expect(r.sealed).toBe(250);
      expect(await unsealedCount()).toBe(0);
      expect(await verifier.verify({ batchSize: 33 })).toEqual({
        ok: true,
        checked: (await chain()).length,
        unsealed: 0,
      });
    });

    it('stops after maxBatches, leaving the rest for the next run', async () => {
      await db.query(`INSERT INTO audit_events (action) SELECT 'case.read' FROM generate_series(1, 30)`);
      expect((await sealer.sealNow({ batchSize: 10, maxBatches: 2 })).sealed).toBe(20);
      expect(await unsealedCount()).toBe(10);
      expect((await sealer.sealNow({ batchSize: 10 })).sealed).toBe(10);
    });

    it('makes one valid chain when several sealers run at once while rows keep arriving', async () => {
      const before = (await chain()).length;
      await db.query(`INSERT INTO audit_events (action) SELECT 'case.read' FROM generate_series(1, 600)`);
      const writers = Promise.all(Array.from({ length: 3 }, () => recordRows(10)));
      const results = await Promise.all(Array.from({ length: 5 }, () => sealer.sealNow({ batchSize: 37 })));
      await writers;
      const last = await sealer.sealNow();
      const total = results.reduce((s, r) => s + r.sealed, 0) + last.sealed;
      expect(total).toBe(630);
      const rows = await chain();
      expect(rows).toHaveLength(before + 630);
      expect(rows.map((r) => r.chain_seq)).toEqual(rows.map((_, i) => String(i + 1)));
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(await unsealedCount()).toBe(0);
      expect((await verifier.verify()).ok).toBe(true);
    });

    it('seals a row committed late (smaller id, committed after later rows were sealed) in a later batch', async () => {
      const late = new Client({ connectionString: db.url });
      await late.connect();
      try {
        await late.query('BEGIN');
        const {
          rows: [lateRow],
        } = await late.query<{ id: string }>(
          `INSERT INTO audit_events (action, request_id) VALUES ('case.updated', 'req-late') RETURNING id::text AS id`,
        );
        await recordRows(3);
        const sealedBefore = await sealer.sealNow();
        expect(sealedBefore.sealed).toBe(3);
        await late.query('COMMIT');
        const sealedAfter = await sealer.sealNow();
        expect(sealedAfter.sealed).toBe(1);

        const [row] = await db.query<{ chain_seq: string }>(
          `SELECT chain_seq::text FROM audit_events WHERE id = $1`,
          [lateRow!.id],
        );
        expect(row!.chain_seq).toBe(sealedAfter.lastSeq);
        const [larger] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_events WHERE id > $1 AND chain_seq < $2`,
          [lateRow!.id, row!.chain_seq],
        );
        expect(larger!.n).toBe(3);
        expect(await verifier.verify()).toMatchObject({ ok: true, unsealed: 0 });
      } finally {
        await late.end();
      }
    });
  });

  describe('the verifier', () => {
    beforeAll(async () => {
      await recordRows(6, { reasonText: 'Covering for a colleague' });
      await sealer.sealNow();
    });

    const middleRow = async (): Promise<ChainRowState> => {
      const rows = await chain();
      return rows[Math.floor(rows.length / 2)]!;
    };

    it('passes an intact chain, counting its rows and the rows not sealed yet', async () => {
      await recordRows(2);
      const r = await verifier.verify({ batchSize: 7 });
      expect(r).toEqual({ ok: true, checked: (await chain()).length, unsealed: 2 });
      await sealer.sealNow();
    });

    it('names a row changed after sealing, and passes again once it is put back', async () => {
      const victim = await middleRow();
      const [orig] = await db.query<{ action: string }>(`SELECT action FROM audit_events WHERE id = $1`, [
        victim.id,
      ]);
      await withTriggerOff(`UPDATE audit_events SET action = 'case.viewed' WHERE id = $1`, [victim.id]);
      expect(await verifier.verify({ batchSize: 5 })).toMatchObject({
        ok: false,
        firstBadId: victim.id,
        fault: 'hash_mismatch',
        checked: Number(victim.chain_seq) - 1,
      });
      await withTriggerOff(`UPDATE audit_events SET action = $2 WHERE id = $1`, [victim.id, orig!.action]);
      expect((await verifier.verify()).ok).toBe(true);
    });

    it('names the row after a deleted one, and passes again once it is restored', async () => {
      const victim = await middleRow();
      const rows = await chain();
      const next = rows[Number(victim.chain_seq)]!;
      await db.query(`CREATE TEMP TABLE saved_row AS SELECT * FROM audit_events WHERE id = $1`, [victim.id]);
      try {
        await withTriggerOff(`DELETE FROM audit_events WHERE id = $1`, [victim.id]);
        const r = await verifier.verify();
        expect(r).toMatchObject({ ok: false, firstBadId: next.id, fault: 'seq_gap' });
        expect(r.reason).toContain('missing');
        await db.query(`INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM saved_row`);
        expect((await verifier.verify()).ok).toBe(true);
      } finally {
        await db.query(`DROP TABLE saved_row`);
      }
    });

    it('finds rows deleted from the end of the chain through the head', async () => {
      const last = (await chain()).at(-1)!;
      await db.query(`CREATE TEMP TABLE saved_row AS SELECT * FROM audit_events WHERE id = $1`, [last.id]);
      try {
        await withTriggerOff(`DELETE FROM audit_events WHERE id = $1`, [last.id]);
        const r = await verifier.verify();
        expect(r).toMatchObject({ ok: false, fault: 'head_mismatch' });
        expect(r.firstBadId).toBeUndefined();
        await db.query(`INSERT INTO audit_events OVERRIDING SYSTEM VALUE SELECT * FROM saved_row`);
        expect((await verifier.verify()).ok).toBe(true);
      } finally {
        await db.query(`DROP TABLE saved_row`);
      }
    });

    it('names the successor of a row changed and re-hashed to hide the change', async () => {
      const rows = await chain();
      const victim = rows[rows.length - 3]!;
      const successor = rows[rows.length - 2]!;
      const [stored] = await db.query<AuditRowRecord & { chain_seq: string }>(
        `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_events WHERE id = $1`,
        [victim.id],
      );
      const forged = { ...toStoredRow(stored!), action: 'case.viewed' };
      const forgedHash = rowHash(forged.prevHash ?? '', forged);
      await withTriggerOff(`UPDATE audit_events SET action = 'case.viewed', hash = $2 WHERE id = $1`, [
        victim.id,
        forgedHash,
      ]);
      expect(await verifier.verify()).toMatchObject({
        ok: false,
        firstBadId: successor.id,
        fault: 'prev_hash_mismatch',
      });
      await withTriggerOff(`UPDATE audit_events SET action = $2, hash = $3 WHERE id = $1`, [
        victim.id,
        stored!.action,
        victim.hash,
      ]);
      expect((await verifier.verify()).ok).toBe(true);
    });

    it('names a row that was unsealed and sealed again at the end of the chain', async () => {
      const victim = await middleRow();
      await withTriggerOff(
        `UPDATE audit_events SET action = 'case.viewed', chain_seq = NULL, prev_hash = NULL, hash = NULL WHERE id = $1`,
        [victim.id],
      );
      await sealer.sealNow();
      const rows = await chain();
      const afterGap = rows[Number(victim.chain_seq) - 1]!;
      expect(await verifier.verify()).toMatchObject({ ok: false, firstBadId: afterGap.id, fault: 'seq_gap' });
    });
  });
});

describe('reading the audit trail', () => {
  let db: TestDatabase;
  let app: INestApplicationContext;
  let dataSource: DataSource;
  let audit: AuditService;
  let trail: AuditTrailService;
  const orgId = randomUUID();
  const caseA = randomUUID();
  const caseB = randomUUID();
  const counsellorId = randomUUID();
  const auditor: Actor = {
    user: {
      id: randomUUID(),
      username: 'auditor-2',
      roles: ['auditor'],
      organizationId: orgId,
      sessionId: randomUUID(),
      mfaVerified: true,
    },
    requestId: 'req-auditor-read-1',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await NestFactory.createApplicationContext(AuditOnlyModule.forRoot(testEnv(db.url)), {
      logger: nestLogger(captureLogger('warn').logger),
      abortOnError: false,
    });
    await app.init();
    dataSource = app.get<DataSource>(getDataSourceToken());
    audit = app.get(AuditService);
    trail = app.get(AuditTrailService);
    const actor = { id: counsellorId, roles: ['counsellor'], organizationId: orgId };
    for (let i = 0; i < 5; i++) {
      await dataSource.transaction((m) =>
        audit.record(m, { action: 'case.read', actor, entityType: 'case', entityId: caseA, caseId: caseA }),
      );
    }
    await dataSource.transaction((m) =>
      audit.record(m, {
        action: 'case.break_glass',
        actor,
        entityType: 'case',
        entityId: caseA,
        caseId: caseA,
        reasonCode: 'covering_colleague',
        reasonText: 'Chị Lan nghỉ ốm, tôi trực thay',
        requestId: 'req-bg-1',
      }),
    );
    await dataSource.transaction((m) =>
      audit.record(m, { action: 'case.read', actor, entityType: 'case', entityId: caseB, caseId: caseB }),
    );
    await dataSource.transaction((m) =>
      audit.record(m, { action: 'user.created', actor: null, entityType: 'user', entityId: randomUUID() }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('keeps the free-text reason encrypted in the table', async () => {
    const [row] = await db.query<{ reason_text_enc: string }>(
      `SELECT reason_text_enc FROM audit_events WHERE request_id = 'req-bg-1'`,
    );
    expect(row!.reason_text_enc).not.toContain('Lan');
  });

  it("lists a case's access log newest first, page by page, without the reason text", async () => {
    const first = await trail.listForCase(caseA, { limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.items[0]).toEqual({
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/) as unknown,
      actorId: counsellorId,
      // This module alone has no one to name its actors (identity provides that).
      actorUsername: null,
      actorDisplayName: null,
      actorRoles: ['counsellor'],
      action: 'case.break_glass',
      outcome: 'success',
      reasonCode: 'covering_colleague',
    });
    expect(first.nextCursor).not.toBeNull();
    const second = await trail.listForCase(caseA, { cursor: first.nextCursor!, limit: 4 });
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].every((e) => e.action.startsWith('case.'))).toBe(true);
    expect(JSON.stringify([first, second])).not.toContain('Lan');
  });

  it('refuses a malformed cursor in the case access log, naming it', async () => {
    await expect(trail.listForCase(caseA, { cursor: 'abc' })).rejects.toMatchObject({
      code: 'AUDIT_QUERY_INVALID',
      params: { field: 'cursor' },
    });
  });

  it('gives the auditor the trail with reasons decrypted, and records the read', async () => {
    const page = await trail.search(auditor, { caseId: caseA, limit: 10 });
    expect(page.items).toHaveLength(6);
    expect(page.nextCursor).toBeNull();
    const bg = page.items.find((i) => i.action === 'case.break_glass');
    expect(bg).toMatchObject({
      reasonCode: 'covering_colleague',
      reasonText: 'Chị Lan nghỉ ốm, tôi trực thay',
      requestId: 'req-bg-1',
      caseId: caseA,
      organizationId: orgId,
      sealed: false,
    });
    const reads = await db.query(
      `SELECT actor_id::text, actor_roles, entity_type, entity_id, case_id::text FROM audit_events
        WHERE action = 'audit.read' AND request_id = $1`,
      [auditor.requestId],
    );
    expect(reads).toEqual([
      {
        actor_id: auditor.user.id,
        actor_roles: ['auditor'],
        entity_type: 'case',
        entity_id: caseA,
        case_id: null,
      },
    ]);
    // The read is not part of the case's own trail: reading it again finds the same rows.
    expect((await trail.search(auditor, { caseId: caseA, limit: 10 })).items).toHaveLength(6);
    expect((await trail.listForCase(caseA)).items).toHaveLength(6);
  });

  it('filters by actor, entity and period, and pages by id descending', async () => {
    const byActor = await trail.search(auditor, { actorId: counsellorId, limit: 100 });
    expect(byActor.items).toHaveLength(7);
    const ids = byActor.items.map((i) => BigInt(i.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);

    const byEntity = await trail.search(auditor, { entityType: 'case', entityId: caseB });
    expect(byEntity.items.map((i) => i.caseId)).toEqual([caseB]);

    const future = await trail.search(auditor, { from: '2100-01-01T00:00:00+07:00' });
    expect(future.items).toEqual([]);

    let cursor: string | undefined;
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await trail.search(auditor, {
        actorId: counsellorId,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...p.items.map((x) => x.id));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(byActor.items.map((i) => i.id));
  });

  it('refuses an entityId without entityType and a period that ends before it starts, naming the field', async () => {
    const e1 = await trail.search(auditor, { entityId: caseA }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DomainError);
    expect(e1).toMatchObject({ code: 'AUDIT_ENTITY_TYPE_REQUIRED', params: { field: 'entityType' } });
    const e2 = await trail
      .search(auditor, { from: '2026-03-02T00:00:00+07:00', to: '2026-03-01T00:00:00+07:00' })
      .catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'AUDIT_PERIOD_INVALID', params: { field: 'to' } });
  });
});
