import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { MailTransport, SMTP_TRANSPORT } from '../../src/modules/notifications/channels/smtp-email.sender';
import { NotificationsHandlers } from '../../src/modules/notifications/jobs/notifications.handlers';
import { NotificationsService } from '../../src/modules/notifications';
import { Env } from '../../src/platform/config';
import { CryptoService } from '../../src/platform/crypto';
import { EventEnvelope, OutboxService } from '../../src/platform/outbox';
import { QueueName } from '../../src/platform/queue';
import { WorkerModule } from '../../src/worker.module';
import { eventually, RunningWorker, startWorker, testEnv } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { captureLogger } from '../support/log-capture';

/** Names and addresses planted in the test world: none may appear in anything sent or logged. */
const MARKERS = {
  supervisorName: 'Giám sát Markerlan Trần',
  providerName: 'Tư vấn Markerhoa Lê',
  orgName: 'Trung tâm Markerbinh',
  email: (n: string) => `${n}.markermail@haven.test`,
};

interface SentMail {
  to: string;
  subject: string;
  text: string;
}

/** The one allowed stand-in: the SMTP transport. nodemailer's jsonTransport composes the real message. */
class RecordingTransport implements MailTransport {
  readonly sent: SentMail[] = [];
  /** Errors to throw on the next sends, first one first. */
  readonly failures: Error[] = [];
  private readonly json = createTransport({ jsonTransport: true });

  async sendMail(mail: SendMailOptions): Promise<unknown> {
    const failure = this.failures.shift();
    if (failure) throw failure;
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

const smtpError = (code: string, responseCode: number | undefined, message: string): Error =>
  Object.assign(new Error(message), { code, responseCode });

describe('staff notifications', () => {
  let db: TestDatabase;
  let env: Env;
  let worker: TestingModule;
  let transport: RecordingTransport;
  let dataSource: DataSource;
  let outbox: OutboxService;
  let notifications: NotificationsService;
  let crypto: CryptoService;
  const logs = captureLogger();

  let orgA: string;
  let orgB: string;
  let supA1: string;
  let supA2: string;
  let supB: string;
  let counsellorA: string;
  let disabledSupA: string;
  let noEmailSupB: string;

  const insertOrg = async (name: string): Promise<string> =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO organizations (name, type, province_code) VALUES ($1, 'social_work_centre', '01') RETURNING id`,
        [name],
      )
    )[0]!.id;
  const insertUser = async (
    username: string,
    organizationId: string,
    roles: string[],
    opts: { disabled?: boolean; email?: string | null; displayName?: string } = {},
  ): Promise<string> =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO users (username, display_name, roles, organization_id, password_hash, disabled, email_enc)
         VALUES ($1, $2, $3, $4, 'x', $5, $6) RETURNING id`,
        [
          username,
          opts.displayName ?? MARKERS.supervisorName,
          roles,
          organizationId,
          opts.disabled ?? false,
          opts.email === null
            ? null
            : crypto.encrypt(opts.email ?? MARKERS.email(username), 'users.email_enc'),
        ],
      )
    )[0]!.id;
  const notificationsOf = (userId: string) =>
    db.query<{ id: string; type: string; title: string; event_id: string }>(
      `SELECT id, type, title, event_id FROM notifications WHERE recipient_id = $1 ORDER BY created_at, id`,
      [userId],
    );
  const deliveriesOf = (notificationId: string) =>
    db.query<{ channel: string; status: string; attempts: number; last_error: string | null }>(
      `SELECT channel, status, attempts, last_error FROM notification_deliveries WHERE notification_id = $1`,
      [notificationId],
    );
  const writeRoleChange = (userId: string, organizationIds: string[]): Promise<string> =>
    dataSource.transaction((m) =>
      outbox.write(m, 'user.roles_changed', { userId, organizationIds, actorId: randomUUID() }),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv(db.url, {
      NOTIFY_EXTERNAL: 'smtp',
      SMTP_URL: 'smtp://smtp.invalid:2525',
      SMTP_FROM: 'haven@haven.test',
    });
    transport = new RecordingTransport();
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(env, logs.logger)] })
      .overrideProvider(SMTP_TRANSPORT)
      .useValue(transport)
      .compile();
    await worker.init();
    dataSource = worker.get<DataSource>(getDataSourceToken());
    outbox = worker.get(OutboxService);
    notifications = worker.get(NotificationsService);
    crypto = worker.get(CryptoService);

    orgA = await insertOrg(MARKERS.orgName);
    orgB = await insertOrg(`${MARKERS.orgName} B`);
    supA1 = await insertUser('sup_a1', orgA, ['supervisor']);
    supA2 = await insertUser('sup_a2', orgA, ['supervisor', 'counsellor']);
    supB = await insertUser('sup_b', orgB, ['supervisor']);
    noEmailSupB = await insertUser('sup_b_noemail', orgB, ['supervisor'], { email: null });
    disabledSupA = await insertUser('sup_a_disabled', orgA, ['supervisor'], { disabled: true });
    counsellorA = await insertUser('couns_a', orgA, ['counsellor'], { displayName: MARKERS.providerName });
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  describe('a role change', () => {
    let eventId: string;

    it('notifies every active supervisor of each organisation concerned, once each', async () => {
      eventId = await writeRoleChange(counsellorA, [orgA, orgB, orgA]);
      await eventually(
        () =>
          db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE event_id = $1`, [
            eventId,
          ]),
        (r) => r[0]!.n === 4,
        { what: 'the role_changed notifications' },
      );
      for (const sup of [supA1, supA2, supB, noEmailSupB]) {
        const mine = await notificationsOf(sup);
        expect(mine).toEqual([
          expect.objectContaining({
            type: 'role_changed',
            title: 'Vai trò của một người dùng trong tổ chức của bạn đã thay đổi',
            event_id: eventId,
          }),
        ]);
      }
      expect(await notificationsOf(disabledSupA)).toEqual([]);
      expect(await notificationsOf(counsellorA)).toEqual([]);
    });

    it('adds nothing when the same event is handled twice', async () => {
      const handlers = worker.get(NotificationsHandlers);
      const envelope: EventEnvelope<'user.roles_changed'> = {
        eventId,
        topic: 'user.roles_changed',
        payload: { userId: counsellorA, organizationIds: [orgA, orgB], actorId: randomUUID() },
        occurredAt: new Date().toISOString(),
      };
      expect(await handlers.roleChanged(envelope)).toEqual({ created: 0 });
      expect(await handlers.roleChanged(envelope)).toEqual({ created: 0 });
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1`,
        [eventId],
      );
      expect(row!.n).toBe(4);
    });

    it('adds nothing when the job of the event is added to the queue again', async () => {
      const queue = worker.get<Queue>(getQueueToken(QueueName.Notifications));
      const original = await queue.getJob(eventId);
      expect(original?.data).toMatchObject({ eventId });
      const again = await queue.add('user.roles_changed', original!.data, { jobId: `${eventId}-again` });
      await eventually(
        async () => (await queue.getJob(again.id!))?.finishedOn,
        (finished) => finished !== undefined,
        { what: 'the re-added job to finish' },
      );
      const done = await queue.getJob(again.id!);
      expect(done?.returnvalue).toEqual({ handlers: ['notifications.role_changed'] });
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM notifications WHERE event_id = $1`,
        [eventId],
      );
      expect(row!.n).toBe(4);
    });

    it('sends each notification out by e-mail once, to the supervisor’s own address, naming nobody', async () => {
      await eventually(
        () =>
          db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
              WHERE n.event_id = $1 AND d.status IN ('sent', 'skipped')`,
            [eventId],
          ),
        (r) => r[0]!.n === 4,
        { what: 'the outside deliveries' },
      );
      const toSupervisors = transport.sent.filter((m) => m.subject.includes('Vai trò'));
      expect(toSupervisors.map((m) => m.to).sort()).toEqual(
        ['sup_a1', 'sup_a2', 'sup_b'].map((u) => MARKERS.email(u)).sort(),
      );
      for (const m of toSupervisors) {
        expect(m.subject).toBe('Haven: Vai trò của một người dùng trong tổ chức của bạn đã thay đổi');
        expect(m.text).toContain('đăng nhập Haven');
        for (const marker of ['Markerlan', 'Markerhoa', 'Markerbinh', 'markermail', 'couns_a', 'sup_']) {
          expect(`${m.subject}\n${m.text}`).not.toContain(marker);
        }
      }
      const [skipped] = await notificationsOf(noEmailSupB);
      expect(await deliveriesOf(skipped!.id)).toEqual([
        { channel: 'email', status: 'skipped', attempts: 0, last_error: 'no address' },
      ]);
      const [sent] = await notificationsOf(supA1);
      expect(await deliveriesOf(sent!.id)).toEqual([
        { channel: 'email', status: 'sent', attempts: 1, last_error: null },
      ]);
    });

    it('never logs an address or a name', () => {
      const text = logs.text();
      expect(text).toContain('outside notification');
      for (const marker of ['Markerlan', 'Markerhoa', 'Markerbinh', 'markermail'])
        expect(text).not.toContain(marker);
    });
  });

  describe('outside delivery', () => {
    const notifyOne = (recipient: string, reference = 'HN-2026-000123'): Promise<string> =>
      dataSource.transaction(async (m) => {
        const [id] = await notifications.notify(m, {
          eventId: randomUUID(),
          recipients: [recipient],
          type: 'case_high_risk',
          caseId: randomUUID(),
          reference,
        });
        return id!;
      });

    it('sends a high-risk alert as "Ca HN-… có nguy cơ cao", once, even when the event is delivered again', async () => {
      const before = transport.sent.length;
      const id = await notifyOne(supA1, 'HN-2026-000777');
      await eventually(
        () => deliveriesOf(id),
        (d) => d[0]?.status === 'sent',
        { what: 'the e-mail to be sent' },
      );
      const handlers = worker.get(NotificationsHandlers);
      const redelivery: EventEnvelope<'notification.created'> = {
        eventId: randomUUID(),
        topic: 'notification.created',
        payload: { notificationId: id },
        occurredAt: new Date().toISOString(),
      };
      expect(await handlers.deliverExternal(redelivery)).toEqual({ outcome: 'already_done' });
      expect(await handlers.deliverExternal(redelivery)).toEqual({ outcome: 'already_done' });
      const mine = transport.sent.slice(before).filter((m) => m.subject.includes('HN-2026-000777'));
      expect(mine).toEqual([
        {
          to: MARKERS.email('sup_a1'),
          subject: 'Haven: Ca HN-2026-000777 có nguy cơ cao',
          text: expect.stringContaining('Ca HN-2026-000777 có nguy cơ cao') as string,
        },
      ]);
    });

    it('retries a send that failed for a passing reason, and sends it once', async () => {
      transport.failures.push(smtpError('ECONNECTION', undefined, 'Connection refused'));
      const id = await notifyOne(supA2, 'HN-2026-000778');
      const [delivery] = await eventually(
        () => deliveriesOf(id),
        (d) => d[0]?.status === 'sent',
        { what: 'the e-mail to be sent after a retry' },
      );
      expect(delivery).toEqual({ channel: 'email', status: 'sent', attempts: 2, last_error: null });
      expect(transport.sent.filter((m) => m.subject.includes('HN-2026-000778'))).toHaveLength(1);
    });

    it('records a permanent refusal without the address the server named, and does not retry it', async () => {
      transport.failures.push(
        smtpError('EENVELOPE', 550, `Recipient address rejected: ${MARKERS.email('sup_b')}: user unknown`),
      );
      const id = await notifyOne(supB, 'HN-2026-000779');
      const [delivery] = await eventually(
        () => deliveriesOf(id),
        (d) => d[0]?.status === 'failed',
        { what: 'the refusal to be recorded' },
      );
      expect(delivery).toEqual({
        channel: 'email',
        status: 'failed',
        attempts: 1,
        last_error: 'EENVELOPE 550',
      });
      const dead = await db.query<{ error: string }>(`SELECT error FROM dead_letters`);
      expect(dead).toEqual([]);
      expect(logs.text()).not.toContain('markermail');
    });
  });

  describe('the service API for other modules', () => {
    it('makes titles from the type’s template and references only', async () => {
      const eventId = randomUUID();
      const ids = await dataSource.transaction((m) =>
        notifications.notify(m, {
          eventId,
          recipients: [supA1, supA1],
          type: 'follow_up_due',
          reference: 'HN-2026-000124',
        }),
      );
      expect(ids).toHaveLength(1);
      const [row] = await db.query<{ title: string; reference: string }>(
        `SELECT title, reference FROM notifications WHERE id = $1`,
        [ids[0]],
      );
      expect(row).toEqual({ title: 'Đến hạn theo dõi ca HN-2026-000124', reference: 'HN-2026-000124' });
      const again = await dataSource.transaction((m) =>
        notifications.notify(m, {
          eventId,
          recipients: [supA1],
          type: 'follow_up_due',
          reference: 'HN-2026-000124',
        }),
      );
      expect(again).toEqual([]);
    });

    it('refuses a reference that is not a case reference, and writes nothing', async () => {
      const eventId = randomUUID();
      await expect(
        dataSource.transaction((m) =>
          notifications.notify(m, {
            eventId,
            recipients: [supA1],
            type: 'case_high_risk',
            reference: 'Trần Thị Lan',
          }),
        ),
      ).rejects.toThrow('reference is not a case reference');
      const rows = await db.query(`SELECT 1 FROM notifications WHERE event_id = $1`, [eventId]);
      expect(rows).toEqual([]);
    });

    it('refuses an unknown type and a call outside a transaction', async () => {
      await expect(
        dataSource.transaction((m) =>
          notifications.notify(m, { eventId: randomUUID(), recipients: [supA1], type: 'no_such_type' }),
        ),
      ).rejects.toThrow('Unknown notification type no_such_type');
      await expect(
        notifications.notify(dataSource.manager, {
          eventId: randomUUID(),
          recipients: [supA1],
          type: 'role_changed',
        }),
      ).rejects.toThrow('inside a transaction');
    });

    it('finds the active supervisors of an organisation through the identity module', async () => {
      expect((await notifications.supervisorsOf(orgA)).sort()).toEqual([supA1, supA2].sort());
      expect(await notifications.supervisorsOf(randomUUID())).toEqual([]);
    });
  });

  describe('the list and read state', () => {
    it('lists only the caller’s own, newest first, in keyset pages, and marks read idempotently', async () => {
      const eventIds = [randomUUID(), randomUUID(), randomUUID()];
      for (const [i, eventId] of eventIds.entries()) {
        await dataSource.transaction((m) =>
          notifications.notify(m, {
            eventId,
            recipients: [counsellorA, supB],
            type: 'case_assigned',
            reference: `HN-2026-00020${i}`,
          }),
        );
      }
      const first = await notifications.list(counsellorA, { limit: 2 });
      expect(first.items.map((n) => n.reference)).toEqual(['HN-2026-000202', 'HN-2026-000201']);
      expect(first.nextCursor).not.toBeNull();
      const second = await notifications.list(counsellorA, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((n) => n.reference)).toEqual(['HN-2026-000200']);
      expect(second.nextCursor).toBeNull();

      const target = first.items[1]!;
      const read = await notifications.markRead(counsellorA, target.id);
      expect(read.readAt).not.toBeNull();
      const readAgain = await notifications.markRead(counsellorA, target.id);
      expect(readAgain.readAt).toBe(read.readAt);
      const unread = await notifications.list(counsellorA, { unread: true });
      expect(unread.items.map((n) => n.reference)).toEqual(['HN-2026-000202', 'HN-2026-000200']);

      await expect(notifications.markRead(supB, target.id)).rejects.toMatchObject({
        code: 'NOTIFICATION_NOT_FOUND',
      });
    });
  });
});

describe('the log adapter (NOTIFY_EXTERNAL=log)', () => {
  let db: TestDatabase;
  let worker: RunningWorker;

  beforeAll(async () => {
    db = await createTestDatabase();
    worker = await startWorker(testEnv(db.url, { NOTIFY_EXTERNAL: 'log' }));
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
  });

  it('logs the notification id, type and channel, and never the address', async () => {
    const crypto = worker.app.get(CryptoService);
    const [org] = await db.query<{ id: string }>(
      `INSERT INTO organizations (name, type, province_code) VALUES ('Org log', 'hotline', '01') RETURNING id`,
    );
    const [user] = await db.query<{ id: string }>(
      `INSERT INTO users (username, display_name, roles, organization_id, password_hash, email_enc)
       VALUES ('log_sup', 'Markerlog Phạm', '{supervisor}', $1, 'x', $2) RETURNING id`,
      [org!.id, crypto.encrypt('log.markermail@haven.test', 'users.email_enc')],
    );
    const dataSource = worker.app.get<DataSource>(getDataSourceToken());
    const service = worker.app.get(NotificationsService);
    const [id] = await dataSource.transaction((m) =>
      service.notify(m, {
        eventId: randomUUID(),
        recipients: [user!.id],
        type: 'case_high_risk',
        reference: 'HN-2026-000900',
      }),
    );
    await eventually(
      () =>
        db.query<{ status: string }>(
          `SELECT status FROM notification_deliveries WHERE notification_id = $1`,
          [id],
        ),
      (r) => r[0]?.status === 'sent',
      { what: 'the log adapter to take the notification' },
    );
    const line = worker
      .logs()
      .split('\n')
      .find((l) => l.includes('log adapter'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      notificationId: id,
      type: 'case_high_risk',
      channel: 'email',
      adapter: 'log',
    });
    expect(worker.logs()).not.toContain('markermail');
    expect(worker.logs()).not.toContain('Markerlog');
  });
});
