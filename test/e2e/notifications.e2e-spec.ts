import { randomUUID } from 'node:crypto';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
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
import type { ErrorBody as ApiErrorBody } from '../support/error-body';

interface NotificationBody {
  id: string;
  type: string;
  caseId: string | null;
  reference: string | null;
  referralId: string | null;
  title: string;
  createdAt: string;
  readAt: string | null;
}
interface PageBody {
  items: NotificationBody[];
  nextCursor: string | null;
}
type ErrorBody = ApiErrorBody<{ field: string }[]>;

const ROLE_CHANGED_TITLE = 'Vai trò của một người dùng trong tổ chức của bạn đã thay đổi';

describe('staff notifications over HTTP', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let admin: TestUser;
  let supA1: TestUser;
  let supA2: TestUser;
  let supB: TestUser;
  let counsellorA: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' });
    api = await startApi(env);
    worker = await startWorker(env);
    tokenOf = tokenCache(api);
    orgA = await createOrganization(db, { name: 'Trung tâm thông báo A' });
    orgB = await createOrganization(db, { name: 'Trung tâm thông báo B' });
    admin = await createUser(db, { roles: ['admin'], organizationId: orgA.id });
    supA1 = await createUser(db, { roles: ['supervisor'], organizationId: orgA.id });
    supA2 = await createUser(db, { roles: ['supervisor', 'counsellor'], organizationId: orgA.id });
    supB = await createUser(db, { roles: ['supervisor'], organizationId: orgB.id });
    counsellorA = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  const listOf = async (user: TestUser, query = ''): Promise<PageBody> => {
    const res = await call<PageBody>(api, 'GET', `/api/v1/notifications${query}`, {
      token: await tokenOf(user),
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const insertFor = async (recipient: TestUser, reference: string): Promise<string> => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO notifications (recipient_id, type, reference, title, event_id, created_at)
       VALUES ($1, 'case_assigned', $2, 'Bạn được giao ca ' || $2, $3, now() - random() * interval '1 second')
       RETURNING id`,
      [recipient.id, reference, randomUUID()],
    );
    return row!.id;
  };

  it('tells each supervisor of the organisation, once, when an admin changes a user’s roles', async () => {
    const res = await call(api, 'PATCH', `/api/v1/users/${counsellorA.id}`, {
      token: await tokenOf(admin),
      // A role that reads no case: a case-reading one would wait for a supervisor's confirmation (issue 12).
      body: { roles: ['counsellor', 'centre_manager'] },
    });
    expect(res.status).toBe(200);
    for (const sup of [supA1, supA2]) {
      const page = await eventually(
        () => listOf(sup, '?unread=true'),
        (p) => p.items.some((n) => n.type === 'role_changed'),
        { what: 'the supervisor’s role_changed notification' },
      );
      expect(page.items.filter((n) => n.type === 'role_changed')).toEqual([
        {
          id: expect.any(String) as string,
          type: 'role_changed',
          caseId: null,
          reference: null,
          referralId: null,
          title: ROLE_CHANGED_TITLE,
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as string,
          readAt: null,
        },
      ]);
    }
    // The event has been delivered (every queue handled it) and nothing more comes.
    await eventually(
      () =>
        db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE delivered_at IS NULL`),
      (r) => r[0]!.n === 0,
      { what: 'the event to be delivered' },
    );
    expect((await listOf(supB)).items).toEqual([]);
    expect((await listOf(counsellorA)).items).toEqual([]);
  });

  it("lists titles in the reader's language (Accept-Language: en), stored in Vietnamese", async () => {
    const reader = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const id = await insertFor(reader, 'HN-2026-000777');
    const inEnglish = await call<PageBody>(api, 'GET', '/api/v1/notifications', {
      token: await tokenOf(reader),
      headers: { 'accept-language': 'en-GB,en;q=0.9,vi;q=0.5' },
    });
    expect(inEnglish.body.items.map((n) => n.title)).toEqual(['You were assigned case HN-2026-000777']);
    expect((await listOf(reader)).items.map((n) => n.title)).toEqual(['Bạn được giao ca HN-2026-000777']);
    const read = await call<NotificationBody>(api, 'POST', `/api/v1/notifications/${id}/read`, {
      token: await tokenOf(reader),
      headers: { 'accept-language': 'en' },
    });
    expect(read.body.title).toBe('You were assigned case HN-2026-000777');
    const [stored] = await db.query<{ title: string }>(`SELECT title FROM notifications WHERE id = $1`, [id]);
    expect(stored?.title).toBe('Bạn được giao ca HN-2026-000777');
  });

  it('tells the supervisors of both organisations when a user moves from one to the other', async () => {
    const mover = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const before = (await listOf(supA1)).items.length;
    const res = await call(api, 'PATCH', `/api/v1/users/${mover.id}`, {
      token: await tokenOf(admin),
      body: { organizationId: orgB.id },
    });
    expect(res.status).toBe(200);
    await eventually(
      () => listOf(supB),
      (p) => p.items.filter((n) => n.type === 'role_changed').length === 1,
      { what: 'the notification in organisation B' },
    );
    await eventually(
      () => listOf(supA1),
      (p) => p.items.length === before + 1,
      { what: 'the notification in organisation A' },
    );
  });

  it('lists only the caller’s own notifications, newest first, a page at a time', async () => {
    const user = await createUser(db, { roles: ['counsellor'], organizationId: orgB.id });
    const other = await createUser(db, { roles: ['counsellor'], organizationId: orgB.id });
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push(await insertFor(user, `HN-2026-00030${i}`));
    await insertFor(other, 'HN-2026-000399');

    const seen: NotificationBody[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: PageBody = await listOf(user, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((n) => n.id).sort()).toEqual([...mine].sort());
    const times = seen.map((n) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(seen.some((n) => n.reference === 'HN-2026-000399')).toBe(false);
  });

  it('marks the caller’s own notification read, and again without change; unread lists leave it out', async () => {
    const user = await createUser(db, { roles: ['provider_staff'], organizationId: orgB.id });
    const first = await insertFor(user, 'HN-2026-000401');
    const second = await insertFor(user, 'HN-2026-000402');
    const token = await tokenOf(user);

    const read = await call<NotificationBody>(api, 'POST', `/api/v1/notifications/${first}/read`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: first,
      reference: 'HN-2026-000401',
      readAt: expect.any(String) as string,
    });
    const again = await call<NotificationBody>(api, 'POST', `/api/v1/notifications/${first}/read`, { token });
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    expect((await listOf(user, '?unread=true')).items.map((n) => n.id)).toEqual([second]);
    expect((await listOf(user, '?unread=false')).items.map((n) => n.id).sort()).toEqual(
      [first, second].sort(),
    );
  });

  it('counts the caller’s unread notifications, and marks them all read at once, no one else’s', async () => {
    const user = await createUser(db, { roles: ['provider_staff'], organizationId: orgB.id });
    const other = await createUser(db, { roles: ['provider_staff'], organizationId: orgB.id });
    const token = await tokenOf(user);
    const count = async (t: string) =>
      (await call<{ count: number }>(api, 'GET', '/api/v1/notifications/unread-count', { token: t })).body;
    expect(await count(token)).toEqual({ count: 0 });
    const first = await insertFor(user, 'HN-2026-000501');
    await insertFor(user, 'HN-2026-000502');
    await insertFor(user, 'HN-2026-000503');
    await insertFor(other, 'HN-2026-000504');
    await call(api, 'POST', `/api/v1/notifications/${first}/read`, { token });
    expect(await count(token)).toEqual({ count: 2 });

    const all = await call<{ marked: number }>(api, 'POST', '/api/v1/notifications/read-all', { token });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ marked: 2 });
    expect(await count(token)).toEqual({ count: 0 });
    expect((await listOf(user, '?unread=true')).items).toEqual([]);
    // The one read before keeps its first reading time; another user's stays unread.
    expect(await count(await tokenOf(other))).toEqual({ count: 1 });
    const again = await call<{ marked: number }>(api, 'POST', '/api/v1/notifications/read-all', { token });
    expect(again.body).toEqual({ marked: 0 });
  });

  it('answers 404 for another user’s notification, as for one that does not exist, and leaves it unread', async () => {
    const owner = await createUser(db, { roles: ['counsellor'], organizationId: orgA.id });
    const theirs = await insertFor(owner, 'HN-2026-000501');
    const token = await tokenOf(supA1);
    const other = await call<ErrorBody>(api, 'POST', `/api/v1/notifications/${theirs}/read`, { token });
    const missing = await call<ErrorBody>(api, 'POST', `/api/v1/notifications/${randomUUID()}/read`, {
      token,
    });
    expect([other.status, other.body.code]).toEqual([404, 'NOTIFICATION_NOT_FOUND']);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOTIFICATION_NOT_FOUND']);
    const [row] = await db.query<{ read_at: Date | null }>(
      `SELECT read_at FROM notifications WHERE id = $1`,
      [theirs],
    );
    expect(row!.read_at).toBeNull();
  });

  it.each([
    ['unread=yes', 'unread'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['recipientId=00000000-0000-4000-8000-000000000000', 'recipientId'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const res = await call<ErrorBody>(api, 'GET', `/api/v1/notifications?${query}`, {
      token: await tokenOf(supA1),
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details?.map((d) => d.field)).toEqual([field]);
  });

  it('refuses an id that is not a UUID with 400 naming id', async () => {
    const res = await call<ErrorBody>(api, 'POST', '/api/v1/notifications/42/read', {
      token: await tokenOf(supA1),
    });
    expect(res.status).toBe(400);
    expect(res.body.details?.map((d) => d.field)).toEqual(['id']);
  });
});
