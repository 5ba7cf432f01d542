import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { ReminderScan } from '../../src/modules/followups/reminders';
import { MailTransport, SMTP_TRANSPORT } from '../../src/modules/notifications/channels/smtp-email.sender';
import { CryptoService } from '../../src/platform/crypto';
import { JobName, QueueName } from '../../src/platform/queue';
import { WorkerModule } from '../../src/worker.module';
import { eventually, RunningApi, startApi, testEnv } from '../support/app';
import {
  call,
  createOrganization,
  createUser,
  MANY_SIGN_INS,
  TestOrganization,
  TestUser,
  tokenCache,
} from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { captureLogger } from '../support/log-capture';
import { intakePayload } from '../factories/cases';

/** The one allowed stand-in: the SMTP transport. nodemailer's jsonTransport composes the real message. */
class RecordingTransport implements MailTransport {
  readonly sent: { to: string; subject: string; text: string }[] = [];
  private readonly json = createTransport({ jsonTransport: true });

  async sendMail(mail: SendMailOptions): Promise<unknown> {
    const info = await this.json.sendMail(mail);
    const message = JSON.parse(info.message) as { to: { address: string }[]; subject: string; text: string };
    this.sent.push({
      to: message.to.map((t) => t.address).join(','),
      subject: message.subject,
      text: message.text,
    });
    return info;
  }
}

/** Personal data planted wherever a person can type it; none may reach a payload, a job or a message. */
const MARK = {
  name: 'Trần Thị Markerhoa',
  phone: '0987 654 321',
  phoneE164: '+84987654321',
  caseNote: 'Ghi chú markernote riêng tư',
  codeWord: 'markercodeword',
  safeTimes: 'markersafetimes sau 9 giờ',
  followUpNote: 'Gọi lại markerfollowup cho chị ấy',
  rescheduleReason: 'Chị ấy markerreason đi vắng',
  measureNote: 'Lệnh cấm markermeasure riêng tư',
  overrideReason: 'Nguy hiểm markeroverride tính mạng ngay lúc này',
  referralNote: 'Ghi chú markerreferral chuyển gửi',
};

const MINIMUM = intakePayload();

const HIGH_RISK = {
  threats_to_kill: true,
  weapon_access: true,
  strangulation: true,
  escalating_violence: true,
};

const HOUR = 3_600_000;
const SCAN_JOB: string = JobName.FollowupsScan;

interface Received {
  type: string;
  recipient_id: string;
}

describe('reminders and escalations from the scheduler’s scan', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: TestingModule;
  let scan: ReminderScan;
  let crypto: CryptoService;
  const workerLogs = captureLogger();
  const transport = new RecordingTransport();
  let redisPrefix: string;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let operator: TestUser;
  let counsellor: TestUser;
  let supA1: TestUser;
  let supA2: TestUser;
  let supB: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, {
      ...MANY_SIGN_INS,
      NOTIFY_EXTERNAL: 'smtp',
      SMTP_URL: 'smtp://smtp.invalid:2525',
      SMTP_FROM: 'haven@haven.test',
    });
    redisPrefix = env.REDIS_KEY_PREFIX;
    api = await startApi(env);
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(env, workerLogs.logger)] })
      .overrideProvider(SMTP_TRANSPORT)
      .useValue(transport)
      .compile();
    await worker.init();
    scan = worker.get(ReminderScan);
    crypto = api.app.get(CryptoService);
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm nhắc việc A' });
    orgB = await createOrganization(db, { name: 'Trung tâm nhắc việc B' });
    operator = await createUser(db, { roles: ['hotline_operator'], organizationId: orgA.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    supA1 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supA2 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    // Everyone has a work address, so every notification is handed to the outside channel too.
    for (const u of [operator, counsellor, supA1, supA2, supB]) {
      await db.query(`UPDATE users SET email_enc = $2 WHERE id = $1`, [
        u.id,
        crypto.encrypt(`${u.username}@ctxh-hanoi.test`, 'users.email_enc'),
      ]);
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const sorted = (ids: string[]): string[] => [...ids].sort();

  const intake = async (body: unknown = MINIMUM): Promise<{ id: string; reference: string }> => {
    const res = await call<{ id: string; reference: string }>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(operator),
      body,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  const insertFollowUp = async (
    c: { id: string; reference: string },
    opts: { kind: string; dueAt: Date; assigneeId: string | null; status?: string },
  ): Promise<string> => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, status, next_reminder_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $5) RETURNING id`,
      [c.id, c.reference, orgA.id, opts.kind, opts.dueAt, opts.assigneeId, opts.status ?? 'open'],
    );
    return row!.id;
  };

  /** Every event written so far has been delivered: handled by every queue of its topic. */
  const settle = () =>
    eventually(
      () =>
        db.query<{ topic: string }>(
          `SELECT topic FROM outbox_events WHERE delivered_at IS NULL AND available_at <> 'infinity'`,
        ),
      (left) => left.length === 0,
      { what: 'every event to be delivered', timeoutMs: 30_000 },
    );

  const scanAndSettle = async (): Promise<void> => {
    await scan.run();
    await settle();
  };

  /** The notifications of a follow-up's events (the follow-up's id is in the event, not the notification). */
  const receivedFor = (followUpId: string) =>
    db.query<Received>(
      `SELECT n.type, n.recipient_id FROM notifications n JOIN outbox_events e ON e.id = n.event_id
        WHERE e.payload->>'followUpId' = $1 ORDER BY n.type, n.recipient_id`,
      [followUpId],
    );

  const eventsFor = (followUpId: string) =>
    db.query<{ topic: string }>(
      `SELECT topic FROM outbox_events WHERE payload->>'followUpId' = $1 ORDER BY topic`,
      [followUpId],
    );

  it('installs the scan as a BullMQ job scheduler every minute, whose runs carry an empty payload', async () => {
    const queue = worker.get<Queue>(getQueueToken(QueueName.Followups), { strict: false });
    const scheduler = await eventually(
      () => queue.getJobScheduler(JobName.FollowupsScan),
      (s) => s !== undefined && s !== null,
      { what: 'the followups.scan job scheduler' },
    );
    expect(Number(scheduler!.every)).toBe(60_000);
    // The scheduler's first run starts at once: a completed scan that nobody called by hand.
    const runs = await eventually(
      () => queue.getJobs(['completed']),
      (jobs) => jobs.some((j) => j.name === SCAN_JOB),
      { what: 'a scheduled scan to complete' },
    );
    const run = runs.find((j) => j.name === SCAN_JOB)!;
    expect(run.data).toEqual({});
    expect(run.returnvalue).toEqual(
      expect.objectContaining({ due: expect.any(Number) as number, overdue: expect.any(Number) as number }),
    );
    expect(scan.lastRunAt()).toBeInstanceOf(Date);
  });

  it('reminds the assignee once when a follow-up comes due, and a second scan adds nothing', async () => {
    const c = await intake();
    const dueAt = new Date(Date.now() - 60_000);
    const id = await insertFollowUp(c, { kind: 'call_back', dueAt, assigneeId: counsellor.id });

    await scanAndSettle();
    expect(await receivedFor(id)).toEqual([{ type: 'follow_up_due', recipient_id: counsellor.id }]);
    const [n] = await db.query<{ title: string; reference: string; case_id: string }>(
      `SELECT n.title, n.reference, n.case_id FROM notifications n JOIN outbox_events e ON e.id = n.event_id
        WHERE e.payload->>'followUpId' = $1`,
      [id],
    );
    expect(n).toEqual({ title: `Đến hạn theo dõi ca ${c.reference}`, reference: c.reference, case_id: c.id });
    const [row] = await db.query<{ reminder_stage: number; next_reminder_at: Date }>(
      `SELECT reminder_stage, next_reminder_at FROM follow_ups WHERE id = $1`,
      [id],
    );
    expect(row!.reminder_stage).toBe(1);
    expect(row!.next_reminder_at.getTime()).toBe(dueAt.getTime() + 24 * HOUR);

    await scanAndSettle();
    await scanAndSettle();
    expect(await eventsFor(id)).toEqual([{ topic: 'follow_up.due' }]);
    expect(await receivedFor(id)).toEqual([{ type: 'follow_up_due', recipient_id: counsellor.id }]);
  });

  it('escalates an overdue follow-up to each supervisor of its organisation once, by the kind’s overdue time', async () => {
    const c = await intake();
    const longOverdue = await insertFollowUp(c, {
      kind: 'call_back',
      dueAt: new Date(Date.now() - 25 * HOUR),
      assigneeId: counsellor.id,
    });
    // Three hours late: past the safety plan's 2 hours (config/reminders.yaml), within a call back's 24.
    const safetyPlan = await insertFollowUp(c, {
      kind: 'safety_plan',
      dueAt: new Date(Date.now() - 3 * HOUR),
      assigneeId: counsellor.id,
    });
    const callBack = await insertFollowUp(c, {
      kind: 'call_back',
      dueAt: new Date(Date.now() - 3 * HOUR),
      assigneeId: counsellor.id,
    });

    await scanAndSettle();
    await scanAndSettle();
    const escalated = [
      { type: 'follow_up_due', recipient_id: counsellor.id },
      ...sorted([supA1.id, supA2.id]).map((r) => ({ type: 'follow_up_overdue', recipient_id: r })),
    ];
    expect(await receivedFor(longOverdue)).toEqual(escalated);
    expect(await receivedFor(safetyPlan)).toEqual(escalated);
    expect(await receivedFor(callBack)).toEqual([{ type: 'follow_up_due', recipient_id: counsellor.id }]);
    expect(await eventsFor(longOverdue)).toEqual([
      { topic: 'follow_up.due' },
      { topic: 'follow_up.overdue' },
    ]);
    const rows = await db.query<{ id: string; reminder_stage: number; next_reminder_at: Date | null }>(
      `SELECT id, reminder_stage, next_reminder_at FROM follow_ups WHERE id = ANY($1)`,
      [[longOverdue, safetyPlan]],
    );
    expect(rows.map((r) => [r.reminder_stage, r.next_reminder_at])).toEqual([
      [2, null],
      [2, null],
    ]);
    const [overdue] = await db.query<{ title: string }>(
      `SELECT n.title FROM notifications n JOIN outbox_events e ON e.id = n.event_id
        WHERE e.payload->>'followUpId' = $1 AND n.type = 'follow_up_overdue' LIMIT 1`,
      [longOverdue],
    );
    expect(overdue!.title).toBe(`Quá hạn theo dõi ca ${c.reference}`);
    const elsewhere = await db.query(
      `SELECT 1 FROM notifications WHERE recipient_id = $1 AND type LIKE 'follow_up%'`,
      [supB.id],
    );
    expect(elsewhere).toEqual([]);
  });

  it('reminds the supervisors of a follow-up without assignee, and nobody of one already done', async () => {
    const c = await intake();
    const unassigned = await insertFollowUp(c, {
      kind: 'home_visit',
      dueAt: new Date(Date.now() - 60_000),
      assigneeId: null,
    });
    const done = await insertFollowUp(c, {
      kind: 'call_back',
      dueAt: new Date(Date.now() - 60_000),
      assigneeId: counsellor.id,
      status: 'done',
    });

    await scanAndSettle();
    expect(await receivedFor(unassigned)).toEqual(
      sorted([supA1.id, supA2.id]).map((r) => ({ type: 'follow_up_due', recipient_id: r })),
    );
    expect(await eventsFor(done)).toEqual([]);
    const [row] = await db.query<{ next_reminder_at: Date | null; reminder_stage: number }>(
      `SELECT next_reminder_at, reminder_stage FROM follow_ups WHERE id = $1`,
      [done],
    );
    expect(row).toEqual({ next_reminder_at: null, reminder_stage: 0 });
  });

  describe('referrals past their deadline', () => {
    const insertReferral = async (
      c: { id: string; reference: string },
      opts: { status: string; dueBy: Date; overrideReason?: string; note?: string },
    ): Promise<string> => {
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                                recipient_organization_id, services, urgency, emergency_override,
                                override_reason_enc, note_enc, status, due_by, responded_at)
         VALUES ($1, $2, $3, $4, $5, $6, '{shelter}', 'emergency', true, $7, $8, $9, $10,
                 CASE WHEN $9 <> 'sent' THEN now() END)
         RETURNING id`,
        [
          c.id,
          c.reference,
          orgA.id,
          supA1.id,
          randomUUID(),
          orgB.id,
          opts.overrideReason ? crypto.encrypt(opts.overrideReason, 'referrals.override_reason_enc') : null,
          opts.note ? crypto.encrypt(opts.note, 'referrals.note_enc') : null,
          opts.status,
          opts.dueBy,
        ],
      );
      return row!.id;
    };

    const overdueNotices = (referralId: string) =>
      db.query<Received & { reference: string }>(
        `SELECT type, recipient_id, reference FROM notifications WHERE referral_id = $1 AND type = 'referral_overdue'
          ORDER BY recipient_id`,
        [referralId],
      );

    it('escalates an unanswered emergency referral after its deadline to each referring supervisor, once', async () => {
      const c = await intake();
      const unanswered = await insertReferral(c, {
        status: 'sent',
        dueBy: new Date(Date.now() - 5 * 60_000),
      });
      const answered = await insertReferral(c, {
        status: 'accepted',
        dueBy: new Date(Date.now() - 5 * 60_000),
      });
      const notYet = await insertReferral(c, { status: 'sent', dueBy: new Date(Date.now() + HOUR) });

      await scanAndSettle();
      await scanAndSettle();
      expect(await overdueNotices(unanswered)).toEqual(
        sorted([supA1.id, supA2.id]).map((r) => ({
          type: 'referral_overdue',
          recipient_id: r,
          reference: c.reference,
        })),
      );
      expect(await overdueNotices(answered)).toEqual([]);
      expect(await overdueNotices(notYet)).toEqual([]);
      const events = await db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM outbox_events WHERE topic = 'referral.overdue' AND payload->>'referralId' = ANY($1)`,
        [[unanswered, answered, notYet]],
      );
      expect(events.map((e) => e.payload.referralId)).toEqual([unanswered]);
      const escalated = await db.query<{ id: string }>(
        `SELECT id FROM referrals WHERE id = ANY($1) AND escalated_at IS NOT NULL`,
        [[unanswered, answered, notYet]],
      );
      expect(escalated.map((r) => r.id)).toEqual([unanswered]);
    });
  });

  it('alerts the assignee and the supervisors when a protection measure is about to expire', async () => {
    const c = await intake();
    const now = Date.now();
    const res = await call<{ id: string }>(api, 'POST', `/api/v1/cases/${c.id}/protection-measures`, {
      token: await tokenOf(supA1),
      body: {
        type: 'no_contact_order_court',
        startsAt: new Date(now - 24 * HOUR).toISOString(),
        endsAt: new Date(now + 24 * HOUR).toISOString(),
        note: MARK.measureNote,
      },
    });
    expect(res.status).toBe(201);
    // The follow-ups module's rule makes the measure_expiry follow-up (within its notice: due now).
    const [expiry] = await eventually(
      () =>
        db.query<{ id: string; assignee_id: string | null }>(
          `SELECT id, assignee_id FROM follow_ups WHERE case_id = $1 AND kind = 'measure_expiry'`,
          [c.id],
        ),
      (rows) => rows.length === 1,
      { what: 'the measure_expiry follow-up' },
    );
    await scanAndSettle();
    const expected = sorted([
      supA1.id,
      supA2.id,
      ...(expiry!.assignee_id === null ? [] : [expiry!.assignee_id]),
    ]).map((r) => ({ type: 'protection_measure_expiring', recipient_id: r }));
    expect(await receivedFor(expiry!.id)).toEqual(expected);
    const [n] = await db.query<{ title: string }>(
      `SELECT title FROM notifications WHERE case_id = $1 AND type = 'protection_measure_expiring' LIMIT 1`,
      [c.id],
    );
    expect(n!.title).toBe(`Biện pháp bảo vệ của ca ${c.reference} sắp hết hạn`);
  });

  it('puts no planted personal data in any event, job, notification or outside message', async () => {
    const c = await intake({
      channel: 'hotline',
      survivor: {
        fullName: MARK.name,
        phones: [MARK.phone],
        sex: 'female',
        safeContact: {
          canCall: false,
          canText: true,
          canLeaveMessage: false,
          safeTimes: MARK.safeTimes,
          phoneSharedWithPerpetrator: true,
          codeWord: MARK.codeWord,
        },
      },
      incident: { violenceTypes: ['physical_assault'] },
      risk: { answers: HIGH_RISK },
      note: MARK.caseNote,
    });
    const token = await tokenOf(supA1);
    const created = await call<{ id: string }>(api, 'POST', `/api/v1/cases/${c.id}/follow-ups`, {
      token,
      body: {
        kind: 'call_back',
        dueAt: new Date(Date.now() + HOUR).toISOString(),
        assigneeId: counsellor.id,
        note: MARK.followUpNote,
      },
    });
    expect(created.status).toBe(201);
    const moved = await call(api, 'POST', `/api/v1/follow-ups/${created.body.id}/reschedule`, {
      token,
      body: { dueAt: new Date(Date.now() + 2 * HOUR).toISOString(), reasonText: MARK.rescheduleReason },
    });
    expect(moved.status).toBe(200);
    // The clock moves on: the follow-up is now long overdue (due and overdue both go out).
    await db.query(
      `UPDATE follow_ups SET due_at = now() - interval '30 hours', next_reminder_at = now() - interval '30 hours'
        WHERE id = $1`,
      [created.body.id],
    );
    await db.query(
      `INSERT INTO referrals (case_id, reference, referring_organization_id, referred_by, provider_id,
                              recipient_organization_id, services, urgency, emergency_override,
                              override_reason_enc, note_enc, status, due_by)
       VALUES ($1, $2, $3, $4, $5, $6, '{shelter}', 'emergency', true, $7, $8, 'sent', now() - interval '1 hour')`,
      [
        c.id,
        c.reference,
        orgA.id,
        supA1.id,
        randomUUID(),
        orgB.id,
        crypto.encrypt(MARK.overrideReason, 'referrals.override_reason_enc'),
        crypto.encrypt(MARK.referralNote, 'referrals.note_enc'),
      ],
    );
    await scanAndSettle();
    await eventually(
      () => Promise.resolve(transport.sent.length),
      (n) => n > 0,
      { what: 'outside messages' },
    );

    const payloads = await db.query<{ topic: string; payload: unknown }>(
      `SELECT topic, payload FROM outbox_events`,
    );
    const titles = await db.query<{ type: string; title: string }>(`SELECT type, title FROM notifications`);
    const jobs = await redisDump(api.env.REDIS_URL, redisPrefix);
    // The reads found what they were meant to read: the test cannot pass by reading nothing.
    expect(payloads.map((p) => p.topic)).toEqual(
      expect.arrayContaining(['follow_up.due', 'follow_up.overdue', 'referral.overdue', 'case.high_risk']),
    );
    expect(titles.map((t) => t.type)).toEqual(
      expect.arrayContaining(['follow_up_due', 'follow_up_overdue', 'referral_overdue']),
    );
    expect(jobs).toContain(created.body.id);
    expect(jobs).toContain(JobName.FollowupsScan);
    expect(transport.sent.some((m) => m.subject.includes(c.reference))).toBe(true);

    const texts = [
      ...payloads.map((p) => JSON.stringify(p.payload)),
      ...titles.map((t) => t.title),
      jobs,
      ...transport.sent.map((m) => `${m.subject}\n${m.text}`),
      workerLogs.text(),
      api.logs(),
    ];
    for (const text of texts) {
      for (const marker of Object.values(MARK)) expect(text).not.toContain(marker);
      expect(text).not.toMatch(/marker/i);
      expect(text).not.toContain('987654321');
    }
  });
});

/** Every value under the test's Redis key prefix (job data, options, results, scheduler entries), as text. */
async function redisDump(url: string, prefix: string): Promise<string> {
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        parts.push(key);
        if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'string') parts.push((await redis.get(key)) ?? '');
        else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(...(await redis.smembers(key)));
        else if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
        else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}
