import { startApi, testEnv, RunningApi } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ProbeWriterModule } from '../support/fixtures/probe-writer.module';

describe('the HTTP platform', () => {
  let db: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url), { extraImports: [ProbeWriterModule] });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('answers liveness and readiness with both dependencies up', async () => {
    expect((await get('/health/live')).status).toBe(200);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; details: Record<string, { status: string }> };
    expect(body.details.database?.status).toBe('up');
    expect(body.details.redis?.status).toBe('up');
  });

  it('serves the OpenAPI document and its page', async () => {
    const page = await get('/api/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    const doc = (await (await get('/api/docs-json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/geography/provinces',
        '/api/v1/geography/provinces/{provinceCode}/communes',
      ]),
    );
  });

  it('counts requests in /metrics by route template, never by raw URL', async () => {
    await get('/api/v1/geography/provinces/01/communes');
    await get('/api/v1/geography/provinces/79/communes');
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(
      /haven_http_requests_total\{method="GET",route="\/api\/v1\/geography\/provinces\/:provinceCode\/communes",status_code="200"\} 2/,
    );
    expect(text).not.toContain('/provinces/01/');
    expect(text).toContain('haven_outbox_pending_events');
  });

  it('returns the 34 provinces whole', async () => {
    const res = await get('/api/v1/geography/provinces');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { code: string; name: string; fullName: string; unitType: string }[];
    expect(list).toHaveLength(34);
    expect(list[0]).toMatchObject({
      code: '01',
      name: 'Hà Nội',
      fullName: 'Thành phố Hà Nội',
      unitType: 'Thành phố',
    });
    expect(new Set(list.map((p) => p.code)).size).toBe(34);
  });

  it("returns Hanoi's 126 communes and wards whole", async () => {
    const res = await get('/api/v1/geography/provinces/01/communes');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { code: string; name: string; fullName: string; unitType: string }[];
    expect(list).toHaveLength(126);
    for (const c of list) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['code', 'name', 'fullName', 'unitType']));
      expect(['Phường', 'Xã', 'Đặc khu']).toContain(c.unitType);
    }
    expect(list.find((c) => c.code === '00004')).toMatchObject({
      name: 'Ba Đình',
      fullName: 'Phường Ba Đình',
    });
  });

  it('answers 404 naming an unknown province, and 400 naming a malformed code', async () => {
    const unknown = await get('/api/v1/geography/provinces/99/communes');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404, code: 'GEOGRAPHY_PROVINCE_NOT_FOUND' });
    const bad = await get('/api/v1/geography/provinces/ha-noi/communes');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string; message: string; details: { field: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details[0]?.field).toBe('provinceCode');
    expect(body.message).toContain('provinceCode');
  });

  it('speaks Vietnamese by default and English when asked', async () => {
    const vi = (await (await get('/api/v1/nowhere')).json()) as { code: string; message: string };
    expect(vi.code).toBe('ROUTE_NOT_FOUND');
    expect(vi.message).toBe('Không có địa chỉ API này.');
    const en = (await (await get('/api/v1/nowhere', { 'accept-language': 'en-GB,en;q=0.9' })).json()) as {
      message: string;
    };
    expect(en.message).toBe('There is no such API address.');
  });

  it('refuses unknown and mistyped fields with 400 naming them, and writes nothing', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM system_probes');
    const res = await post('/api/v1/test/probes', JSON.stringify({ label: 7, colour: 'red' }), {
      'accept-language': 'en',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; details: { field: string; problems: string[] }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.field).sort()).toEqual(['colour', 'label']);
    expect(body.details.find((d) => d.field === 'colour')?.problems[0]).toContain('not a known field');
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM system_probes');
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON in the same error shape', async () => {
    const res = await post('/api/v1/test/probes', '{"label": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
  });

  it('sets a request id and no-store on API answers', async () => {
    const res = await get('/api/v1/geography/provinces', {
      'x-request-id': '0d6f3c52-4b1e-4c43-9a52-6f0b6d3e7a11',
    });
    expect(res.headers.get('x-request-id')).toBe('0d6f3c52-4b1e-4c43-9a52-6f0b6d3e7a11');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  describe('Idempotency-Key', () => {
    const count = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM system_probes'))[0]?.n;

    it('replays the original status and body for the same key and body', async () => {
      const before = await count();
      const headers = { 'idempotency-key': 'key-aaaaaaaa-1' };
      const first = await post('/api/v1/test/probes', JSON.stringify({ label: 'a' }), headers);
      expect(first.status).toBe(201);
      const second = await post('/api/v1/test/probes', JSON.stringify({ label: 'a' }), headers);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await second.json()).toEqual(await first.json());
      expect(await count()).toBe((before ?? 0) + 1);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      const headers = { 'idempotency-key': 'key-bbbbbbbb-1' };
      expect((await post('/api/v1/test/probes', JSON.stringify({ label: 'b' }), headers)).status).toBe(201);
      const res = await post('/api/v1/test/probes', JSON.stringify({ label: 'other' }), headers);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('creates one record when the same request races itself', async () => {
      const before = await count();
      const headers = { 'idempotency-key': 'key-cccccccc-1' };
      const results = await Promise.all(
        Array.from({ length: 8 }, () => post('/api/v1/test/probes', JSON.stringify({ label: 'c' }), headers)),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
      const ids = new Set(
        await Promise.all(results.map(async (r) => ((await r.json()) as { id: string }).id)),
      );
      expect(ids.size).toBe(1);
      expect(await count()).toBe((before ?? 0) + 1);
    });

    it('keeps keys per route and user scope, for 24 hours', async () => {
      const [row] = await db.query<{ scope: string; route: string; hours: number }>(
        `SELECT scope, route, round(EXTRACT(EPOCH FROM expires_at - created_at) / 3600)::int AS hours
           FROM idempotency_keys WHERE key = 'key-aaaaaaaa-1'`,
      );
      expect(row).toEqual({ scope: 'anonymous', route: 'POST /api/v1/test/probes', hours: 24 });
    });

    it('forgets the key when the request fails, so that a retry can succeed', async () => {
      const headers = { 'idempotency-key': 'key-dddddddd-1' };
      const failed = await post(
        '/api/v1/test/probes',
        JSON.stringify({ label: 'd', extra: 'fail-after-write' }),
        headers,
      );
      expect(failed.status).toBe(500);
      const rows = await db.query(`SELECT 1 FROM idempotency_keys WHERE key = 'key-dddddddd-1'`);
      expect(rows).toHaveLength(0);
      const events = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events e LEFT JOIN system_probes p ON p.id = (e.payload->>'probeId')::uuid
          WHERE p.id IS NULL`,
      );
      expect(events[0]?.n).toBe(0);
    });

    it('keeps the stored answer encrypted: no part of it is readable in the database', async () => {
      const headers = { 'idempotency-key': 'key-ffffffff-1' };
      const res = await post('/api/v1/test/probes', JSON.stringify({ label: 'Markerlabel-77' }), headers);
      expect(res.status).toBe(201);
      const [row] = await db.query<{ dump: string }>(
        `SELECT row_to_json(k)::text AS dump FROM idempotency_keys k WHERE key = 'key-ffffffff-1'`,
      );
      expect(row!.dump).not.toContain('Markerlabel-77');
      const replay = await post('/api/v1/test/probes', JSON.stringify({ label: 'Markerlabel-77' }), headers);
      expect(((await replay.json()) as { label: string }).label).toBe('Markerlabel-77');
    });

    it('refuses a malformed key with 400', async () => {
      const res = await post('/api/v1/test/probes', JSON.stringify({ label: 'e' }), {
        'idempotency-key': 'short',
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    });
  });
});
