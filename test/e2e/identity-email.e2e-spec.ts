import { Test, TestingModule } from '@nestjs/testing';
import { createTransport, type SendMailOptions } from 'nodemailer';
import { MailTransport, SMTP_TRANSPORT } from '../../src/modules/notifications/channels/smtp-email.sender';
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
import type { ErrorBody as ApiErrorBody } from '../support/error-body';

/**
 * The work e-mail of a member of staff (users.email_enc): set and cleared by admins, kept encrypted, read
 * back by admins and by the user, and used by the outside channel of notifications. Every address here
 * holds the marker, which must never reach a log line, an error answer or the audit trail.
 */
const MARKER = 'markermail';
let addressSeq = 0;
const address = (who: string): string => `${who}.${++addressSeq}.${MARKER}@ctxh-hanoi.test`;

interface SentMail {
  to: string;
  subject: string;
  text: string;
}

/** The one allowed stand-in: the SMTP transport. nodemailer's jsonTransport composes the real message. */
class RecordingTransport implements MailTransport {
  readonly sent: SentMail[] = [];
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

interface UserBody {
  id: string;
  username: string;
  roles: string[];
  version: number;
  email?: string | null;
}
type ErrorBody = ApiErrorBody<{ field: string }[]>;

describe('the work e-mail of a user', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: TestingModule;
  const workerLogs = captureLogger();
  const transport = new RecordingTransport();
  let tokenOf: ReturnType<typeof tokenCache>;
  let org: TestOrganization;
  let admin: TestUser;
  let token: string;
  const bodies: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, {
      ...MANY_SIGN_INS,
      NOTIFY_EXTERNAL: 'smtp',
      SMTP_URL: 'smtp://smtp.invalid:2525',
      SMTP_FROM: 'haven@haven.test',
    });
    api = await startApi(env);
    worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(env, workerLogs.logger)] })
      .overrideProvider(SMTP_TRANSPORT)
      .useValue(transport)
      .compile();
    await worker.init();
    tokenOf = tokenCache(api);
    org = await createOrganization(db, { name: 'Trung tâm thư điện tử' });
    admin = await createUser(db, { roles: ['admin'], organizationId: org.id });
    token = await tokenOf(admin);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  /** One request as the admin (or another token); every answer is kept for the final leak check. */
  const send = async <T = UserBody>(
    method: string,
    path: string,
    body?: unknown,
    opts: { as?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await call<T>(api, method, path, { token: opts.as ?? token, body, headers: opts.headers });
    bodies.push(JSON.stringify(res.body));
    return res;
  };
  let seq = 0;
  const newUser = (over: Record<string, unknown> = {}) => ({
    username: `thu.dien.tu.${++seq}`,
    displayName: 'Phạm Thị Thư',
    password: 'Một câu mật khẩu đủ dài 2026',
    roles: ['centre_manager'],
    organizationId: org.id,
    ...over,
  });
  const storedEmail = async (userId: string): Promise<string | null> =>
    (await db.query<{ email_enc: string | null }>(`SELECT email_enc FROM users WHERE id = $1`, [userId]))[0]!
      .email_enc;
  const emailAudit = (userId: string) =>
    db.query(
      `SELECT * FROM audit_events WHERE entity_id = $1 AND action = 'user.email_changed' ORDER BY id`,
      [userId],
    );

  it('creates a user with a work e-mail, kept encrypted, and reads it back as an admin', async () => {
    const email = address('tao');
    const created = await send('POST', '/api/v1/users', newUser({ email }));
    expect(created.status).toBe(201);
    expect(created.body.email).toBe(email);
    const enc = await storedEmail(created.body.id);
    expect(enc).toMatch(/^v1\./);
    expect(enc).not.toContain(MARKER);

    const read = await send('GET', `/api/v1/users/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.email).toBe(email);
    // Lists carry no e-mails: only the single read does.
    const list = await send<{ items: UserBody[] }>('GET', `/api/v1/users?organizationId=${org.id}`);
    const item = list.body.items.find((u) => u.id === created.body.id);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('email');

    const audit = await emailAudit(created.body.id);
    expect(audit).toEqual([expect.objectContaining({ reason_code: 'set', reason_text_enc: null })]);
    expect(JSON.stringify(audit)).not.toContain(MARKER);
  });

  it('creates a user without an e-mail when none is given, or null', async () => {
    for (const over of [{}, { email: null }]) {
      const created = await send('POST', '/api/v1/users', newUser(over));
      expect(created.status).toBe(201);
      expect(created.body.email).toBeNull();
      expect(await storedEmail(created.body.id)).toBeNull();
      expect(await emailAudit(created.body.id)).toEqual([]);
    }
  });

  it('replays a creation with its e-mail, keeping the address out of the idempotency store', async () => {
    const email = address('lap.lai');
    const body = newUser({ email });
    const headers = { 'idempotency-key': 'create-user-with-email-1' };
    const first = await send('POST', '/api/v1/users', body, { headers });
    const replay = await send('POST', '/api/v1/users', body, { headers });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.body.email).toBe(email);
    const other = await send<ErrorBody>(
      'POST',
      '/api/v1/users',
      { ...body, email: address('khac') },
      { headers },
    );
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(await db.query(`SELECT * FROM idempotency_keys`))).not.toContain(MARKER);
  });

  it('sets, changes and clears the e-mail with PATCH, auditing each change without the address', async () => {
    const user = await createUser(db, { roles: ['centre_manager'], organizationId: org.id });
    const first = address('dat');
    const second = address('doi');

    const set = await send('PATCH', `/api/v1/users/${user.id}`, { email: first });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ email: first, version: 2 });
    expect((await send('GET', `/api/v1/users/${user.id}`)).body.email).toBe(first);

    // The same address again changes nothing: no version, no audit row.
    const same = await send('PATCH', `/api/v1/users/${user.id}`, { email: first });
    expect(same.body).toMatchObject({ email: first, version: 2 });

    const changed = await send('PATCH', `/api/v1/users/${user.id}`, { email: second });
    expect(changed.body).toMatchObject({ email: second, version: 3 });
    // Left out, the e-mail stays as it is.
    const renamed = await send('PATCH', `/api/v1/users/${user.id}`, { displayName: 'Tên mới' });
    expect(renamed.body).toMatchObject({ email: second, version: 4 });

    const cleared = await send('PATCH', `/api/v1/users/${user.id}`, { email: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ email: null, version: 5 });
    expect(await storedEmail(user.id)).toBeNull();
    expect((await send('GET', `/api/v1/users/${user.id}`)).body.email).toBeNull();

    const audit = await emailAudit(user.id);
    expect(audit.map((a) => [a.reason_code, a.actor_id, a.reason_text_enc])).toEqual([
      ['set', admin.id, null],
      ['changed', admin.id, null],
      ['cleared', admin.id, null],
    ]);
    expect(JSON.stringify(audit)).not.toContain(MARKER);
  });

  it("shows the signed-in user their own e-mail on /auth/me, and no one else's", async () => {
    const user = await createUser(db, { roles: ['centre_manager'], organizationId: org.id });
    const other = await createUser(db, { roles: ['centre_manager'], organizationId: org.id });
    const email = address('cua.toi');
    await send('PATCH', `/api/v1/users/${user.id}`, { email });
    await send('PATCH', `/api/v1/users/${other.id}`, { email: address('nguoi.khac') });
    const me = await send<{ id: string; email: string | null }>('GET', '/api/v1/auth/me', undefined, {
      as: await tokenOf(user),
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, email });
    const none = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
    const noneMe = await send('GET', '/api/v1/auth/me', undefined, { as: await tokenOf(none) });
    expect(noneMe.body.email).toBeNull();
    // The user reads it on /auth/me but does not reach the admin's user routes.
    const denied = await send<ErrorBody>('GET', `/api/v1/users/${other.id}`, undefined, {
      as: await tokenOf(user),
    });
    expect(denied.status).toBe(403);
  });

  it.each([
    ['without an @', `no-at-sign.${MARKER}.example.org`],
    ['without a domain', `${MARKER}@`],
    ['without a top-level domain', `${MARKER}@localhost`],
    ['with a display name', `Thư ${MARKER} <thu.${MARKER}@ctxh-hanoi.test>`],
    ['with two addresses', `a.${MARKER}@ctxh-hanoi.test, b.${MARKER}@ctxh-hanoi.test`],
    [
      'that is too long',
      `${'a'.repeat(60)}.${MARKER}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.test`,
    ],
    ['that is a number', 42],
    ['that is empty', ''],
  ])('refuses an e-mail %s with 400 naming the field, and changes nothing', async (_what, email) => {
    const body = newUser({ email });
    const created = await send<ErrorBody>('POST', '/api/v1/users', body);
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('VALIDATION_FAILED');
    expect(created.body.details?.map((d) => d.field)).toEqual(['email']);
    expect(created.body.message).toContain('email');
    const [taken] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE username = $1`,
      [body.username],
    );
    expect(taken!.n).toBe(0);

    const user = await createUser(db, { roles: ['centre_manager'], organizationId: org.id });
    const kept = address('giu');
    await send('PATCH', `/api/v1/users/${user.id}`, { email: kept });
    const changed = await send<ErrorBody>('PATCH', `/api/v1/users/${user.id}`, {
      email,
      displayName: 'Không được đổi',
    });
    expect(changed.status).toBe(400);
    expect(changed.body.details?.map((d) => d.field)).toEqual(['email']);
    const after = await send('GET', `/api/v1/users/${user.id}`);
    expect(after.body).toMatchObject({ email: kept, version: 2 });
  });

  it('sends a supervisor an e-mail about a role change through the SMTP adapter, at the address set', async () => {
    const orgE = await createOrganization(db, { name: 'Trung tâm nhận thư' });
    const supervisor = await createUser(db, {
      roles: ['supervisor'],
      organizationId: orgE.id,
      displayName: `Giám sát ${MARKER} Hằng`,
    });
    const clearedSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: orgE.id });
    const counsellor = await createUser(db, {
      roles: ['counsellor', 'hotline_operator'],
      organizationId: orgE.id,
      displayName: `Tư vấn ${MARKER} Mai`,
    });
    const to = address('giam.sat');
    const clearedAddress = address('da.xoa');
    // A supervisor reads cases: her new address waits for another supervisor's confirmation (issue 12).
    const pending = await send<{ pendingChanges: { id: string }[] }>(
      'PATCH',
      `/api/v1/users/${supervisor.id}`,
      {
        email: to,
      },
    );
    expect(pending.status).toBe(202);
    const confirmed = await send(
      'POST',
      `/api/v1/account-changes/${pending.body.pendingChanges[0]!.id}/confirm`,
      undefined,
      {
        as: await tokenOf(clearedSupervisor),
      },
    );
    expect(confirmed.status).toBe(200);
    await send('PATCH', `/api/v1/users/${clearedSupervisor.id}`, { email: clearedAddress });
    await send('PATCH', `/api/v1/users/${clearedSupervisor.id}`, { email: null });

    const before = transport.sent.length;
    // Taking a role away applies at once (giving a case-reading one would wait for a confirmation).
    const res = await send('PATCH', `/api/v1/users/${counsellor.id}`, {
      roles: ['counsellor'],
    });
    expect(res.status).toBe(200);

    const deliveries = (userId: string) =>
      db.query<{ status: string; channel: string }>(
        `SELECT d.status, d.channel FROM notification_deliveries d
           JOIN notifications n ON n.id = d.notification_id
          WHERE n.recipient_id = $1 AND n.type = 'role_changed'`,
        [userId],
      );
    await eventually(
      () => deliveries(supervisor.id),
      (d) => d[0]?.status === 'sent',
      { what: "the supervisor's e-mail to be sent" },
    );
    await eventually(
      () => deliveries(clearedSupervisor.id),
      (d) => d[0]?.status === 'skipped',
      { what: 'the delivery to the supervisor without an address to be skipped' },
    );
    // Only the role change's mails: the confirmed e-mail change above is told on its own.
    const mails = transport.sent.slice(before).filter((m) => !m.subject.includes('thay đổi tài khoản'));
    expect(mails).toEqual([
      {
        to,
        subject: 'Haven: Vai trò của một người dùng trong tổ chức của bạn đã thay đổi',
        text: expect.stringContaining('Vui lòng đăng nhập Haven để xem chi tiết.') as string,
      },
    ]);
    expect(`${mails[0]!.subject}\n${mails[0]!.text}`).not.toContain(MARKER);
    expect(transport.sent.map((m) => m.to)).not.toContain(clearedAddress);
  });

  it('never writes an e-mail address to a log line or an error answer', () => {
    const logs = [api.logs(), workerLogs.text()];
    expect(logs[0]!.length).toBeGreaterThan(0);
    expect(logs[1]!.length).toBeGreaterThan(0);
    for (const text of logs) expect(text).not.toContain(MARKER);
    for (const body of bodies.filter((b) => b.includes('"code"'))) expect(body).not.toContain(MARKER);
  });
});
