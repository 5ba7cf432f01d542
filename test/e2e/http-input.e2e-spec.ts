import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { startApi, testEnv, RunningApi } from '../support/app';
import { buildWorld, call, MANY_SIGN_INS, tokenCache, World } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ProbeWriterModule } from '../support/fixtures/probe-writer.module';
import type { ErrorBody as ApiErrorBody, FieldProblem } from '../support/error-body';
import { intakePayload } from '../factories/cases';

type ErrorBody = ApiErrorBody<FieldProblem[]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One request written on a bare socket, so that bytes fetch would escape reach the server as they are. */
function rawRequest(port: number, head: string): Promise<{ status: number; body: string; raw: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [headers = '', body = ''] = raw.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), body, raw });
    });
    socket.end(Buffer.from(head, 'utf8'));
  });
}

describe('HTTP input hardening', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let world: World;
  let tokenOf: ReturnType<typeof tokenCache>;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, MANY_SIGN_INS), { extraImports: [ProbeWriterModule] });
    world = await buildWorld(api);
    tokenOf = tokenCache(api);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const port = (): number => Number(new URL(api.url).port);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  describe('X-Request-Id', () => {
    it('echoes a UUID the client sends', async () => {
      const id = randomUUID();
      const res = await fetch(`${api.url}/api/v1/geography/provinces`, { headers: { 'x-request-id': id } });
      expect(res.headers.get('x-request-id')).toBe(id);
    });

    it.each(['req-12345678', 'MARKER-not-a-uuid-0912345678', `${randomUUID()}x`])(
      'replaces %p with a fresh UUID, in the answer and in the log',
      async (given) => {
        const res = await fetch(`${api.url}/api/v1/geography/provinces`, {
          headers: { 'x-request-id': given },
        });
        const echoed = res.headers.get('x-request-id') ?? '';
        expect(echoed).toMatch(UUID);
        expect(echoed).not.toBe(given);
        expect(api.logs()).not.toContain(given);
      },
    );
  });

  describe('the request log line (nestjs-pino)', () => {
    it('has requestId, method, route template, status and ms, and nothing of the query or headers', async () => {
      const res = await fetch(`${api.url}/api/v1/geography/provinces/01/communes?q=MARKER-QUERY-0912345678`, {
        headers: { authorization: 'Bearer MARKER-AUTH-TOKEN', cookie: 'sid=MARKER-COOKIE' },
      });
      const requestId = res.headers.get('x-request-id');
      await new Promise((r) => setTimeout(r, 50));
      const lines = api
        .logs()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.requestId === requestId && l.msg === 'request');
      expect(lines).toHaveLength(1);
      const { level, time, app, ...rest } = lines[0]!;
      expect({ level, app, time: typeof time }).toEqual({ level: 'info', app: 'haven', time: 'string' });
      expect(rest).toEqual({
        requestId,
        msg: 'request',
        method: 'GET',
        route: '/api/v1/geography/provinces/:provinceCode/communes',
        statusCode: res.status,
        ms: expect.any(Number) as number,
      });
      expect(api.logs()).not.toMatch(/MARKER-(QUERY|AUTH|COOKIE)/);
    });
  });

  describe('hostile bodies', () => {
    const nested = (bytes: number) => '['.repeat(bytes);

    it('answers 413 to a 1 MB nested body on the refresh route, whose body is tiny', async () => {
      const res = await post('/api/v1/auth/refresh', nested(1024 * 1024));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('answers 413 to a 1 MB nested body on the sign-in route', async () => {
      const res = await post('/api/v1/auth/login', nested(1024 * 1024));
      expect(res.status).toBe(413);
    });

    it('answers 400 JSON_TOO_DEEP to deeply nested JSON under the size limit, signed in or not', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const anonymous = await post('/api/v1/test/probes', deep);
      expect(anonymous.status).toBe(400);
      expect(await anonymous.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
      const token = await tokenOf(world.users.counsellor.A);
      const signedIn = await post('/api/v1/cases', `{"channel":"hotline","survivor":${deep}}`, {
        authorization: `Bearer ${token}`,
      });
      expect(signedIn.status).toBe(400);
      expect(await signedIn.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
    });

    it('counts brackets inside strings as text, not nesting', async () => {
      const res = await post('/api/v1/test/probes', JSON.stringify({ label: '[[[[[[[[[[{{{{{{{{{{' }));
      expect(res.status).toBe(201);
    });

    it('keeps /health/live answering while ten nested bodies arrive at once', async () => {
      const hostile = Array.from({ length: 10 }, () =>
        post('/api/v1/auth/refresh', nested(1024 * 1024)).then((r) => r.status),
      );
      const live = await fetch(`${api.url}/health/live`);
      expect(live.status).toBe(200);
      expect(new Set(await Promise.all(hostile))).toEqual(new Set([413]));
    });
  });

  describe('inputs that reached a 500', () => {
    it('refuses an impossible calendar date in a query with 400 naming the field', async () => {
      const res = await call<ErrorBody>(api, 'GET', '/api/v1/activities?from=9999-99-99', {
        token: await tokenOf(world.users.centre_manager.A),
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details?.map((d) => d.field)).toEqual(['from']);
    });

    it('refuses a lone surrogate in any string with 400 naming the field', async () => {
      const token = await tokenOf(world.users.admin.A);
      const res = await post(
        '/api/v1/users',
        `{"username":"lone.surrogate","displayName":"x","password":"Mật-khẩu-rất-dài-2026!","roles":["counsellor"],"organizationId":"${world.orgA.id}","email":"\\ud800@example.org"}`,
        { authorization: `Bearer ${token}` },
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details?.map((d) => d.field)).toContain('email');
    });

    it('refuses a NUL character in free text with 400 naming the field', async () => {
      const res = await post('/api/v1/test/probes', JSON.stringify({ label: 'a\u0000b' }));
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.details?.map((d) => d.field)).toEqual(['label']);
    });

    it('refuses a case note with a NUL character or over 10 000 characters, and stores neither', async () => {
      const token = await tokenOf(world.users.supervisor.A);
      const created = await call<{ id: string }>(api, 'POST', '/api/v1/cases', {
        token,
        body: intakePayload(),
      });
      const count = async () =>
        (
          await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes WHERE case_id = $1', [
            created.body.id,
          ])
        )[0]?.n;
      for (const text of ['Gọi lại\u0000 sau', 'x'.repeat(10_001)]) {
        const res = await call<ErrorBody>(api, 'POST', `/api/v1/cases/${created.body.id}/notes`, {
          token,
          body: { text },
        });
        expect(res.status).toBe(400);
        expect(res.body.details?.map((d) => d.field)).toEqual(['text']);
      }
      expect(await count()).toBe(0);
      const ok = await call(api, 'POST', `/api/v1/cases/${created.body.id}/notes`, {
        token,
        body: { text: 'Gọi lại sau' },
      });
      expect(ok.status).toBe(201);
      expect(await count()).toBe(1);
    });

    it('refuses supervisorIds: null on the restriction with 400', async () => {
      const token = await tokenOf(world.users.counsellor.A);
      const created = await call<{ id: string }>(api, 'POST', '/api/v1/cases', {
        token,
        body: intakePayload(),
      });
      expect(created.status).toBe(201);
      const sup = await tokenOf(world.users.supervisor.A);
      const res = await call<ErrorBody>(api, 'POST', `/api/v1/cases/${created.body.id}/restriction`, {
        token: sup,
        body: { restricted: true, supervisorIds: null },
      });
      expect(res.status).toBe(400);
      expect(res.body.details?.map((d) => d.field)).toEqual(['supervisorIds']);
    });

    it('reports a missing nested object of the intake as missing, with every other problem at once', async () => {
      const token = await tokenOf(world.users.counsellor.A);
      const res = await call<ErrorBody>(api, 'POST', '/api/v1/cases', {
        token,
        body: { channel: 'hotline' },
        headers: { 'accept-language': 'en' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.details?.map((d) => d.field).sort();
      expect(fields).toEqual(['incident', 'survivor']);
      for (const d of res.body.details ?? []) expect(d.problems).toEqual([`${d.field} is missing`]);
    });

    it('answers a broken percent-encoding in the address with a coded 400', async () => {
      const res = await fetch(`${api.url}/api/v1/geography/provinces/%E0%A4%A/communes`, {
        headers: { 'accept-language': 'en' },
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body).toMatchObject({ code: 'MALFORMED_REQUEST' });
      expect(body.requestId).toMatch(UUID);
    });

    it('answers a raw UTF-8 query string with the coded error body, a request id and the language', async () => {
      const res = await rawRequest(
        port(),
        'GET /api/v1/activities?from=Hà-Nội HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nConnection: close\r\n\r\n',
      );
      expect(res.status).toBe(400);
      const body = JSON.parse(res.body) as ErrorBody;
      expect(body.code).toBe('MALFORMED_REQUEST');
      expect(body.requestId).toMatch(UUID);
      expect(body.message).toBe('The request could not be read: check its address and headers.');
    });
  });

  describe('validation problems', () => {
    it('reports a missing required field as missing, in Vietnamese by default', async () => {
      const res = await post('/api/v1/test/probes', '{}');
      const body = (await res.json()) as ErrorBody;
      expect(body.details).toEqual([{ field: 'label', problems: ['Thiếu trường label.'] }]);
    });

    it('localises every problem, English when asked', async () => {
      const body = JSON.stringify({ label: 'x'.repeat(41), colour: 'red' });
      const vi = (await (await post('/api/v1/test/probes', body)).json()) as ErrorBody;
      const en = (await (
        await post('/api/v1/test/probes', body, { 'accept-language': 'en' })
      ).json()) as ErrorBody;
      const problems = (b: ErrorBody) =>
        Object.fromEntries((b.details ?? []).map((d) => [d.field, d.problems]));
      expect(problems(vi)).toEqual({
        label: ['label dài tối đa 40 ký tự.'],
        colour: ['colour không phải là trường được biết.'],
      });
      expect(problems(en)).toEqual({
        label: ['label must be shorter than or equal to 40 characters'],
        colour: ['colour is not a known field'],
      });
    });
  });
});
