import { startApi, testEnv, RunningApi } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ProbeWriterModule } from '../support/fixtures/probe-writer.module';

/**
 * Personal data never reaches a log line, an error message or a metric label (docs/DESIGN.md §7). Marker
 * strings stand in for personal data in every place a request can carry it; none may come back out.
 */
const MARKERS = {
  name: 'Nguyễn Thị Markerlan',
  phone: '0912 345 678',
  phoneE164: '+84912345678',
  nationalId: '001190012345',
  token: 'tok-marker-a1b2c3d4',
  cookie: 'session-marker-e5f6',
  address: 'Ngõ 12 Markerstreet',
};

describe('personal data in requests', () => {
  let db: TestDatabase;
  let api: RunningApi;
  const bodies: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { LOG_LEVEL: 'trace' }), { extraImports: [ProbeWriterModule] });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const send = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${api.url}${path}`, init);
    bodies.push(await res.text());
    return res.status;
  };

  it('never echoes or logs what a caller sent, whatever the way in and whatever the answer', async () => {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${MARKERS.token}`,
      cookie: `sid=${MARKERS.cookie}`,
    };
    const statuses = [
      // unknown and mistyped fields holding personal data
      await send('/api/v1/test/probes', {
        method: 'POST',
        headers,
        body: JSON.stringify({
          label: 12,
          fullName: MARKERS.name,
          phone: MARKERS.phone,
          nationalId: MARKERS.nationalId,
        }),
      }),
      // a value too long for its field
      await send('/api/v1/test/probes', {
        method: 'POST',
        headers,
        body: JSON.stringify({ label: `${MARKERS.address} ${MARKERS.name} ${MARKERS.phone}` }),
      }),
      // malformed JSON around personal data
      await send('/api/v1/test/probes', {
        method: 'POST',
        headers,
        body: `{"fullName": "${MARKERS.name}", `,
      }),
      // personal data in the query string and the path
      await send(`/api/v1/geography/provinces?phone=${encodeURIComponent(MARKERS.phoneE164)}`, { headers }),
      await send(`/api/v1/geography/provinces/${encodeURIComponent(MARKERS.nationalId)}/communes`, {
        headers,
      }),
      await send(`/api/v1/${encodeURIComponent(MARKERS.name)}`, { headers }),
      // and a request that succeeds
      await send('/api/v1/test/probes', { method: 'POST', headers, body: JSON.stringify({ label: 'ok' }) }),
    ];
    expect(statuses).toEqual([400, 400, 400, 200, 400, 404, 201]);
    bodies.push(await (await fetch(`${api.url}/metrics`)).text());

    const logs = api.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const marker of Object.values(MARKERS)) {
      for (const text of [logs, ...bodies]) {
        expect(text).not.toContain(marker);
        expect(text).not.toContain(encodeURIComponent(marker));
      }
    }
  });
});
