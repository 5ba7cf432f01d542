import { Queue } from 'bullmq';
import { Client } from 'pg';
import { ReminderScan } from '../../src/modules/followups/reminders';
import { JobName, QueueName, redisOptionsFromUrl } from '../../src/platform/queue';
import {
  eventually,
  RunningApi,
  RunningWorker,
  startApi,
  startWorker,
  TEST_KEYS,
  testEnv,
} from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  MANY_SIGN_INS,
  TestOrganization,
  TestUser,
  signInAs,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { freePort, OwnRedis } from '../support/redis-server';
import { Spawned, spawnEntry } from '../support/spawn';
import type { Env } from '../../src/platform/config';
import { intakePayload } from '../factories/cases';

const MINIMUM = intakePayload();
const HIGH_RISK = {
  threats_to_kill: true,
  weapon_access: true,
  strangulation: true,
  escalating_violence: true,
};
const HOUR = 3_600_000;

/** The notification types this file expects, each counted per (type, recipient, subject). */
const COUNTED = ['case_high_risk', 'follow_up_due', 'follow_up_overdue', 'referral_overdue'];

interface Case {
  id: string;
  reference: string;
}

describe('reminders through a Redis outage, two workers and a killed worker', () => {
  let db: TestDatabase;
  let redis: OwnRedis;
  let env: Env;
  let api: RunningApi;
  let worker: RunningWorker | undefined;
  let worker2: RunningWorker | undefined;
  let org: TestOrganization;
  let operator: TestUser;
  let counsellor: TestUser;
  let supervisors: TestUser[];
  /** Every notification this file expects, as "type recipient subject". */
  const expected: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await OwnRedis.start();
    env = testEnv(db.url, { ...MANY_SIGN_INS, REDIS_URL: redis.url, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    org = await createOrganization(db, { name: 'Trung tâm chịu sự cố' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: org.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
    supervisors = [
      await createUser(db, { roles: ['supervisor'], organizationId: org.id }),
      await createUser(db, { roles: ['supervisor'], organizationId: org.id }),
    ];
  });
  afterAll(async () => {
    await worker2?.close();
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await db?.drop();
  });

  const insertFollowUp = async (
    c: Case,
    opts: { kind: string; dueAt: Date; assigneeId: string | null },
  ): Promise<string> => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, next_reminder_at)
       VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING id`,
      [c.id, c.reference, org.id, opts.kind, opts.dueAt, opts.assigneeId],
    );
    return row!.id;
  };

  /** Due now, for the counsellor: one follow_up_due expected. */
  const dueForCounsellor = async (c: Case): Promise<string> => {
    const id = await insertFollowUp(c, {
      kind: 'call_back',
      dueAt: new Date(Date.now() - 60_000),
      assigneeId: counsellor.id,
    });
    expected.push(`follow_up_due ${counsellor.id} ${id}`);
    return id;
  };

  /** Every event written so far is delivered (else the events left, with their receipts and dead letters). */
  const settle = (timeoutMs = 60_000) =>
    eventually(
      () =>
        db.query<{ topic: string; sent: boolean; done: string[]; dead: string[] }>(
          `SELECT e.topic, e.sent_at IS NOT NULL AS sent,
                  ARRAY(SELECT r.recipient FROM event_receipts r WHERE r.event_id = e.id AND r.handler = 'queue') AS done,
                  ARRAY(SELECT d.queue || ': ' || d.error FROM dead_letters d WHERE d.job_id = e.id::text) AS dead
             FROM outbox_events e
            WHERE e.delivered_at IS NULL AND e.available_at <> 'infinity'`,
        ),
      (left) => left.length === 0,
      { what: 'every event to be delivered', timeoutMs },
    );

  /** Every notification as "type recipient subject" (the subject: the follow-up, referral or case). */
  const notifications = async (): Promise<string[]> =>
    (
      await db.query<{ k: string }>(
        `SELECT n.type || ' ' || n.recipient_id || ' ' ||
                COALESCE(e.payload->>'followUpId', n.referral_id::text, n.case_id::text, '') AS k
           FROM notifications n LEFT JOIN outbox_events e ON e.id = n.event_id`,
      )
    ).map((r) => r.k);
  const counted = async (): Promise<string[]> =>
    (await notifications()).filter((k) => COUNTED.includes(k.split(' ')[0]!)).sort();
  const duplicates = (keys: string[]): string[] => keys.filter((k, i) => keys.indexOf(k) !== i);

  it('with Redis stopped takes 200 intakes and scans in PostgreSQL; with Redis back, every notification arrives once', async () => {
    const token = (await signInAs(api, operator)).accessToken;
    await redis.stop();
    let stopped = true;
    try {
      const cases: (Case & { high: boolean })[] = [];
      for (let i = 0; i < 200; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, async (_, j) => {
            const high = (i + j) % 20 === 0;
            const res = await call<Case>(api, 'POST', '/api/v1/cases', {
              token,
              body: high ? { ...MINIMUM, risk: { answers: HIGH_RISK } } : MINIMUM,
            });
            expect(res.status).toBe(201);
            return { ...res.body, high };
          }),
        );
        cases.push(...batch);
      }
      expect(cases.filter((c) => c.high)).toHaveLength(10);
      for (const c of cases.filter((x) => x.high)) {
        for (const s of supervisors) expected.push(`case_high_risk ${s.id} ${c.id}`);
      }
      // Follow-ups coming due while Redis is away: due, long overdue, and held by the supervisors.
      for (const c of cases.slice(0, 20)) await dueForCounsellor(c);
      for (const c of cases.slice(20, 30)) {
        const id = await insertFollowUp(c, {
          kind: 'call_back',
          dueAt: new Date(Date.now() - 30 * HOUR),
          assigneeId: counsellor.id,
        });
        expected.push(`follow_up_due ${counsellor.id} ${id}`);
        for (const s of supervisors) expected.push(`follow_up_overdue ${s.id} ${id}`);
      }
      for (const c of cases.slice(30, 40)) {
        const id = await insertFollowUp(c, {
          kind: 'home_visit',
          dueAt: new Date(Date.now() - 60_000),
          assigneeId: null,
        });
        for (const s of supervisors) expected.push(`follow_up_due ${s.id} ${id}`);
      }
      for (const c of cases.slice(40, 45)) {
        const [r] = await db.query<{ id: string }>(
          `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                                recipient_organization_id, services, urgency, status, due_by)
         VALUES ($1, $2, $3, $4, gen_random_uuid(), gen_random_uuid(), '{shelter}', 'emergency', 'sent',
                 now() - interval '10 minutes')
         RETURNING id`,
          [c.id, c.reference, org.id, operator.id],
        );
        for (const s of supervisors) expected.push(`referral_overdue ${s.id} ${r!.id}`);
      }

      // The scan needs PostgreSQL only: its events wait in the outbox until Redis is back.
      const result = await worker!.app.get(ReminderScan).run();
      expect(result).toMatchObject({ due: 40, overdue: 10, referralsOverdue: 5 });
      const [waiting] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL
        AND topic IN ('case.high_risk', 'follow_up.due', 'follow_up.overdue', 'referral.overdue')`,
      );
      expect(waiting!.n).toBe(10 + 40 + 10 + 5);
      expect(await counted()).toEqual([]);

      await redis.start();
      stopped = false;
      await settle();
      expect(await counted()).toEqual([...expected].sort());
      expect(duplicates(await notifications())).toEqual([]);
    } finally {
      // The later tests need Redis, whatever happened here.
      if (stopped) await redis.start();
    }
  }, 150_000);

  it('two workers scanning at once send each reminder once, and change nothing already sent', async () => {
    worker2 = await startWorker(env);
    const before = await notifications();
    const [c] = await db.query<Case>(`SELECT id, reference FROM cases ORDER BY opened_at LIMIT 1`);
    const fresh: string[] = [];
    for (let i = 0; i < 30; i++) fresh.push(await dueForCounsellor(c!));

    const scans = [worker!, worker2, worker!, worker2].map((w) => w.app.get(ReminderScan).run());
    await Promise.all(scans);
    await settle();
    const after = await notifications();
    expect(after.filter((k) => !before.includes(k)).sort()).toEqual(
      fresh.map((id) => `follow_up_due ${counsellor.id} ${id}`).sort(),
    );
    expect(await counted()).toEqual([...expected].sort());
    expect(duplicates(after)).toEqual([]);
    const [events] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE topic = 'follow_up.due' AND payload->>'followUpId' = ANY($1)`,
      [fresh],
    );
    expect(events!.n).toBe(30);
  }, 120_000);

  it('a worker killed in the middle of the scan’s batch: after a restart each reminder exists once', async () => {
    // Only the child worker scans from here on.
    await worker2?.close();
    worker2 = undefined;
    await worker?.close();
    worker = undefined;

    const [c] = await db.query<Case>(`SELECT id, reference FROM cases ORDER BY opened_at LIMIT 1`);
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(await dueForCounsellor(c!));

    // Hold the outbox in SHARE mode: the scan claims its batch, then waits at its first outbox write,
    // inside its transaction. That is where the worker is killed.
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    const queue = new Queue(QueueName.Followups, {
      connection: { ...redisOptionsFromUrl(redis.url), maxRetriesPerRequest: null },
      prefix: env.REDIS_KEY_PREFIX,
    });
    let child: Spawned | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE outbox_events IN SHARE MODE');
      child = await spawnWorker();
      await queue.add(JobName.FollowupsScan, {});
      const [stuck] = await eventually(
        () =>
          db.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE 'INSERT INTO outbox_events%'`,
          ),
        (rows) => rows.length > 0,
        { what: 'the scan to wait at its outbox write', timeoutMs: 60_000 },
      );
      child.proc.kill('SIGKILL');
      await child.exit;
      await blocker.query('COMMIT');
      // The dead worker's transaction ends when its backend finds the connection gone.
      await eventually(
        () => db.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [stuck!.pid]),
        (rows) => rows.length === 0,
        { what: 'the killed worker’s transaction to end', timeoutMs: 30_000 },
      );
      const [half] = await db.query<{ events: number; moved: number }>(
        `SELECT (SELECT count(*) FROM outbox_events WHERE payload->>'followUpId' = ANY($1::text[]))::int AS events,
                (SELECT count(*) FROM follow_ups WHERE id = ANY($1::uuid[]) AND reminder_stage > 0)::int AS moved`,
        [ids],
      );
      expect(half).toEqual({ events: 0, moved: 0 });

      child = await spawnWorker();
      await queue.add(JobName.FollowupsScan, {});
      await eventually(
        async () =>
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM follow_ups WHERE id = ANY($1) AND reminder_stage = 1`,
              [ids],
            )
          )[0]!.n,
        (n) => n === ids.length,
        { what: 'the restarted worker’s scan', timeoutMs: 60_000 },
      );
      await settle();
      const [events] = await db.query<{ n: number; distinct: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT payload->>'followUpId')::int AS distinct
           FROM outbox_events WHERE topic = 'follow_up.due' AND payload->>'followUpId' = ANY($1)`,
        [ids],
      );
      expect(events).toEqual({ n: ids.length, distinct: ids.length });
      expect(await counted()).toEqual([...expected].sort());
      expect(duplicates(await notifications())).toEqual([]);
      child.proc.kill('SIGTERM');
      expect(await child.exit).toBe(0);
      child = undefined;
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
      await queue.close();
      child?.proc.kill('SIGKILL');
    }
  }, 180_000);

  /** The real worker entry in a child process, on this file's database and Redis; resolves when ready. */
  async function spawnWorker(): Promise<Spawned> {
    const port = await freePort();
    const child = spawnEntry('worker', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
      WORKER_HEALTH_PORT: String(port),
      HOST: '127.0.0.1',
      NOTIFY_EXTERNAL: 'none',
      OUTBOX_POLL_INTERVAL_MS: '50',
      ...TEST_KEYS,
    });
    await eventually(
      () => fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.status),
      (s) => s === 200,
      { what: 'the child worker to start', timeoutMs: 60_000 },
    );
    return child;
  }
});
