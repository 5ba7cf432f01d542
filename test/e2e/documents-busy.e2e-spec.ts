import { request } from 'node:http';
import { DocumentTransferGate } from '../../src/modules/documents/document-transfer-gate';
import { assignCase, createCase } from '../factories/cases';
import { RunningApi, startApi, testEnv } from '../support/app';
import { createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * The process carries at most DOCUMENT_TRANSFERS_MAX uploads and downloads at once (each holds its file in
 * memory): with one place and an upload held open mid-body, another answers 503 DOCUMENT_TRANSFERS_BUSY
 * with Retry-After and stores nothing; when the first completes, the place is free again.
 */
const BOUNDARY = 'havenbusyboundary';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Title (Giấy) >> endobj\n%%EOF\n', 'utf8');

describe('document transfers one process carries at once', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let counsellor: TestUser;
  let tokenOf: (u: TestUser) => Promise<string>;
  let caseId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, DOCUMENT_TRANSFERS_MAX: '1' }));
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm tài liệu bận' });
    const operator = await createUser(db, { roles: ['hotline_operator'], organizationId: org.id });
    const supervisor = await createUser(db, { roles: ['supervisor'], organizationId: org.id });
    counsellor = await createUser(db, { roles: ['counsellor'], organizationId: org.id });
    const c = await createCase(api, await tokenOf(operator));
    await assignCase(api, await tokenOf(supervisor), c.id, counsellor.id);
    caseId = c.id;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const upload = async (): Promise<{ status: number; retryAfter: string | null; code?: string }> => {
    const form = new FormData();
    form.append('kind', 'medical');
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'giay.pdf');
    const res = await fetch(`${api.url}/api/v1/cases/${caseId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(counsellor)}` },
      body: form,
    });
    const body = (await res.json()) as { code?: string };
    return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.code };
  };

  const count = async (): Promise<number> =>
    Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM documents'))[0]?.n ?? 0);

  it('answers one more with 503 and Retry-After while an upload is under way, then takes it', async () => {
    // An upload whose body stops half-way: the handler holds the only place while it waits for the rest.
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmedical\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="giay.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
      'utf8',
    );
    const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`, 'utf8');
    const url = new URL(`${api.url}/api/v1/cases/${caseId}/documents`);
    const token = await tokenOf(counsellor);
    let held!: ReturnType<typeof request>;
    const first = new Promise<number>((resolve, reject) => {
      held = request(
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            'content-length': String(head.length + pdf.length + tail.length),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            resolve(res.statusCode ?? 0);
          });
        },
      );
      held.on('error', reject);
    });
    held.write(head);
    held.write(pdf.subarray(0, 8));
    // Wait until the held request has taken the place (it first passes its access check).
    const gate = api.app.get(DocumentTransferGate);
    for (let waited = 0; gate.inFlight < 1 && waited < 20_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(gate.inFlight).toBe(1);
    const busy = await upload();
    expect(busy).toEqual({ status: 503, retryAfter: '5', code: 'DOCUMENT_TRANSFERS_BUSY' });
    const before = await count();

    held.end(Buffer.concat([pdf.subarray(8), tail]));
    expect(await first).toBe(201);
    expect(await count()).toBe(before + 1);

    // The place is free again.
    expect((await upload()).status).toBe(201);
  });
});
