import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

interface FailedJob {
  id: string;
  queue: string;
  jobName: string;
  topic?: string;
  attempts: number;
  error: string;
  failedAt: string;
  retriedAt?: string;
  retryCount: number;
}

describe('Dead letters for the admin (GET /api/v1/admin/jobs/failed, POST …/:id/retry)', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let admin: TestUser;
  let supervisor: TestUser;
  let tokenOf: (u: TestUser) => Promise<string>;

  const deadLetter = async (jobName = 'maintenance.purge_outbox'): Promise<{ id: string; jobId: string }> => {
    const jobId = `dl-${randomBytes(6).toString('hex')}`;
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO dead_letters (queue, job_id, job_name, payload, error, attempts)
       VALUES ('maintenance', $1, $2, '{}', 'Error: ECONNREFUSED', 3) RETURNING id`,
      [jobId, jobName],
    );
    return { id: row!.id, jobId };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm quản trị' });
    admin = await createUser(db, { roles: ['admin'], organizationId: org.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  it('lists dead letters newest first in keyset pages, for the admin only', async () => {
    const a = await deadLetter();
    const b = await deadLetter();
    await db.query(`UPDATE dead_letters SET failed_at = now() - interval '1 hour' WHERE id = $1`, [a.id]);
    const first = await call<{ items: FailedJob[]; nextCursor: string | null }>(
      api,
      'GET',
      '/api/v1/admin/jobs/failed?limit=1',
      { token: await tokenOf(admin) },
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((i) => i.id)).toEqual([b.id]);
    expect(first.body.items[0]).toMatchObject({
      queue: 'maintenance',
      jobName: 'maintenance.purge_outbox',
      attempts: 3,
      error: 'Error: ECONNREFUSED',
      retryCount: 0,
    });
    expect(first.body.items[0]?.topic).toBeUndefined();
    const second = await call<{ items: FailedJob[]; nextCursor: string | null }>(
      api,
      'GET',
      `/api/v1/admin/jobs/failed?limit=1&cursor=${first.body.nextCursor}`,
      { token: await tokenOf(admin) },
    );
    expect(second.body.items.map((i) => i.id)).toEqual([a.id]);
    const denied = await call(api, 'GET', '/api/v1/admin/jobs/failed', { token: await tokenOf(supervisor) });
    expect(denied.status).toBe(403);
  });

  it('retry re-enqueues the job exactly once through the worker, audited; a second retry answers the same', async () => {
    const dl = await deadLetter();
    const queue = worker.app.get<Queue>(getQueueToken('maintenance'), { strict: false });
    const first = await call<FailedJob>(api, 'POST', `/api/v1/admin/jobs/failed/${dl.id}/retry`, {
      token: await tokenOf(admin),
    });
    expect(first.status).toBe(200);
    expect(first.body.retryCount).toBe(1);
    expect(first.body.retriedAt).toEqual(expect.any(String));
    const again = await call<FailedJob>(api, 'POST', `/api/v1/admin/jobs/failed/${dl.id}/retry`, {
      token: await tokenOf(admin),
    });
    expect(again).toEqual(first);

    const job = await eventually(
      () => queue.getJob(dl.jobId),
      (j) => j?.finishedOn !== undefined,
      { what: 'the retried job to finish' },
    );
    expect(job?.name).toBe('maintenance.purge_outbox');
    expect(job?.attemptsMade).toBe(1);
    const events = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE topic = 'dead_letter.retry_requested' AND payload->>'deadLetterId' = $1`,
      [dl.id],
    );
    expect(events).toEqual([{ n: 1 }]);
    const audit = await db.query<{ actor_id: string; reason_code: string }>(
      `SELECT actor_id, reason_code FROM audit_events WHERE action = 'job.retried' AND entity_id = $1`,
      [dl.id],
    );
    expect(audit).toEqual([{ actor_id: admin.id, reason_code: 'maintenance.purge_outbox' }]);
  });

  it('answers 404 for an unknown dead letter and 403 to anyone but an admin', async () => {
    const unknown = await call<{ code: string }>(
      api,
      'POST',
      '/api/v1/admin/jobs/failed/00000000-0000-4000-8000-000000000000/retry',
      { token: await tokenOf(admin) },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DEAD_LETTER_NOT_FOUND');
    const dl = await deadLetter();
    const denied = await call(api, 'POST', `/api/v1/admin/jobs/failed/${dl.id}/retry`, {
      token: await tokenOf(supervisor),
    });
    expect(denied.status).toBe(403);
    const [row] = await db.query<{ retried_at: Date | null }>(
      `SELECT retried_at FROM dead_letters WHERE id = $1`,
      [dl.id],
    );
    expect(row?.retried_at).toBeNull();
  });
});
