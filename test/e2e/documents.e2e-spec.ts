import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseMoveRegistry } from '../../src/modules/cases';
import { DocumentRotation } from '../../src/modules/documents';
import { DOCUMENT_STORE, type DocumentStore } from '../../src/modules/documents/document-store';
import { RetentionService } from '../../src/modules/followups';
import { CryptoService } from '../../src/platform/crypto';
import { assignCase, createCase } from '../factories/cases';
import { RunningApi, startApi, TEST_KEYS, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { captureLogger } from '../support/log-capture';

/**
 * Documents (issue 15, item 6): upload (type from the bytes, ≤ 10 MB), list, download (equal bytes,
 * attachment, never cached, audited), access (404 for whoever may not read the file), idempotency, the
 * content and name encrypted at rest (pg_dump), removal, retention and the merge participant.
 */

const SUFFIX = randomBytes(4).toString('hex');
const CONTENT_MARK = `DOCCONTENTMARK${SUFFIX}`;
const NAME_MARK = `DOCNAMEMARK${SUFFIX}`;
const MB10 = 10 * 1024 * 1024;

const pdf = (inner = 'Giấy khám'): Buffer =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Title (${inner}) >> endobj\n%%EOF\n`, 'utf8');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300)]);
const ELF = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), randomBytes(200)]);
const MZ = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), randomBytes(200)]);

interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string; id?: string };
}

describe('documents attached to a case', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: (u: TestUser) => Promise<string>;
  const u = {} as Record<'operator' | 'counsellor' | 'counsellor2' | 'supervisor' | 'provider', TestUser>;
  let caseId: string;

  const upload = async (
    user: TestUser,
    onCase: string,
    file: { bytes: Buffer; name: string; type?: string } | null,
    kind: string | null = 'medical',
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const form = new FormData();
    if (kind !== null) form.append('kind', kind);
    if (file)
      form.append('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
    const res = await fetch(`${api.url}/api/v1/cases/${onCase}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(user)}`, ...headers },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };

  const download = async (user: TestUser, onCase: string, id: string): Promise<Response> =>
    fetch(`${api.url}/api/v1/cases/${onCase}/documents/${id}`, {
      headers: { authorization: `Bearer ${await tokenOf(user)}` },
    });

  const list = async (user: TestUser, onCase: string) =>
    call<Record<string, unknown>[] & { code?: string }>(api, 'GET', `/api/v1/cases/${onCase}/documents`, {
      token: await tokenOf(user),
    });

  const newCase = async (): Promise<string> => {
    const c = await createCase(api, await tokenOf(u.operator));
    await assignCase(api, await tokenOf(u.supervisor), c.id, u.counsellor.id);
    return c.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS }));
    tokenOf = tokenCache(api);
    const org = await createOrganization(db, { name: 'Trung tâm tài liệu' });
    const user = (roles: string[]) => createUser(db, { roles, organizationId: org.id });
    u.operator = await user(['hotline_operator']);
    u.counsellor = await user(['counsellor']);
    u.counsellor2 = await user(['counsellor']);
    u.supervisor = await user(['supervisor']);
    u.provider = await user(['provider_staff']);
    caseId = await newCase();
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('takes a PDF, a JPEG and a PNG, lists them and gives back the same bytes as an attachment', async () => {
    const files = [
      { bytes: pdf(), name: 'Giấy khám sức khỏe.pdf', mediaType: 'application/pdf', kind: 'medical' },
      // The declared type is ignored: the bytes say JPEG.
      { bytes: JPEG, name: 'ảnh.jpg', mediaType: 'image/jpeg', kind: 'police', type: 'text/plain' },
      { bytes: PNG, name: 'đơn.png', mediaType: 'image/png', kind: 'signed_consent' },
    ];
    const ids: string[] = [];
    for (const f of files) {
      const res = await upload(u.counsellor, caseId, f, f.kind);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: f.kind,
        mediaType: f.mediaType,
        sizeBytes: f.bytes.length,
        name: f.name,
        addedBy: { id: u.counsellor.id, displayName: u.counsellor.displayName },
        destroyedAt: null,
      });
      ids.push(res.body.id!);
    }
    const listed = await list(u.supervisor, caseId);
    expect(listed.status).toBe(200);
    expect(listed.body.map((d) => d.id)).toEqual(ids);

    for (const [i, f] of files.entries()) {
      const res = await download(u.counsellor, caseId, ids[i]!);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(f.bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe(f.mediaType);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition.startsWith('attachment; ')).toBe(true);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(f.name)}`);
    }
  });

  it('keeps neither the content nor the name in pg_dump as plain text', async () => {
    const name = `${NAME_MARK} giấy.pdf`;
    const res = await upload(u.counsellor, caseId, { bytes: pdf(CONTENT_MARK), name });
    expect(res.status).toBe(201);
    const back = await download(u.supervisor, caseId, res.body.id!);
    expect(Buffer.from(await back.arrayBuffer()).includes(Buffer.from(CONTENT_MARK))).toBe(true);
    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', '--dbname', db.url], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    expect(dump).toContain('document_contents');
    for (const m of [CONTENT_MARK, NAME_MARK]) {
      expect(dump.includes(m)).toBe(false);
      // bytea is dumped as hex: the marker's bytes must not be there either.
      expect(dump.includes(Buffer.from(m).toString('hex'))).toBe(false);
    }
  });

  it('refuses a program named .pdf, and any content that is not PDF, JPEG or PNG (415)', async () => {
    const before = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents`);
    for (const bytes of [
      ELF,
      MZ,
      Buffer.from('hello, not a pdf'),
      Buffer.from(' %PDF-1.4 late'),
      Buffer.alloc(0),
    ]) {
      const res = await upload(u.counsellor, caseId, {
        bytes,
        name: `${NAME_MARK}.pdf`,
        type: 'application/pdf',
      });
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 415,
        code: 'DOCUMENT_TYPE_NOT_ALLOWED',
      });
    }
    const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses 10 MB + 1 byte (413) and takes exactly 10 MB', async () => {
    const big = Buffer.alloc(MB10 + 1, 0x20);
    pdf().copy(big);
    const tooBig = await upload(u.counsellor, caseId, { bytes: big, name: 'lớn.pdf' });
    expect({ status: tooBig.status, code: tooBig.body.code }).toEqual({
      status: 413,
      code: 'DOCUMENT_TOO_LARGE',
    });
    const fits = await upload(u.counsellor, caseId, { bytes: big.subarray(0, MB10), name: 'vừa.pdf' });
    expect(fits.status).toBe(201);
    expect(fits.body.sizeBytes).toBe(MB10);
    // A declared length far beyond the limit is refused before the body is read.
    const res = await fetch(`${api.url}/api/v1/cases/${caseId}/documents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenOf(u.counsellor)}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: Buffer.alloc(MB10 + 200 * 1024),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('DOCUMENT_TOO_LARGE');
  });

  it('answers malformed forms with a coded 4xx and stores nothing', async () => {
    const before = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents`);
    const doc = { bytes: pdf(), name: 'a.pdf' };
    const expectCode = (res: Answer, status: number, code: string) => {
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    };
    expectCode(await upload(u.counsellor, caseId, null), 400, 'DOCUMENT_PART_MISSING');
    expectCode(await upload(u.counsellor, caseId, doc, null), 400, 'DOCUMENT_PART_MISSING');
    expectCode(await upload(u.counsellor, caseId, doc, 'diary'), 400, 'UNKNOWN_CATALOGUE_KEY');
    expectCode(await upload(u.counsellor, caseId, { bytes: pdf(), name: '' }), 400, 'DOCUMENT_PART_MISSING');
    expectCode(
      await upload(u.counsellor, caseId, { bytes: pdf(), name: `${'a'.repeat(300)}.pdf` }),
      400,
      'DOCUMENT_NAME_INVALID',
    );
    const raw = async (body: string | Buffer, type: string): Promise<Answer> => {
      const res = await fetch(`${api.url}/api/v1/cases/${caseId}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenOf(u.counsellor)}`, 'content-type': type },
        body,
      });
      return { status: res.status, body: (await res.json()) as Answer['body'] };
    };
    expectCode(await raw('{"kind":"medical"}', 'application/json'), 415, 'DOCUMENT_FORM_REQUIRED');
    expectCode(
      await raw('--x\r\nContent-Disposition: form-da', 'multipart/form-data; boundary=x'),
      400,
      'DOCUMENT_FORM_INVALID',
    );
    expectCode(await raw('junk', 'multipart/form-data'), 400, 'DOCUMENT_FORM_INVALID');
    const twoFiles = new FormData();
    twoFiles.append('kind', 'medical');
    twoFiles.append('file', new Blob([pdf()]), 'a.pdf');
    twoFiles.append('file', new Blob([pdf()]), 'b.pdf');
    const res = await fetch(`${api.url}/api/v1/cases/${caseId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(u.counsellor)}` },
      body: twoFiles,
    });
    expect(res.status).toBe(400);
    // Another route given a multipart body refuses it, coded.
    const notes = new FormData();
    notes.append('text', 'x');
    const other = await fetch(`${api.url}/api/v1/cases/${caseId}/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(u.counsellor)}` },
      body: notes,
    });
    expect(other.status).toBe(415);
    expect(((await other.json()) as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('hides the documents (404) from a provider and from a counsellor the case is not assigned to', async () => {
    const res = await upload(u.counsellor, caseId, { bytes: pdf(), name: 'ẩn.pdf' });
    expect(res.status).toBe(201);
    for (const who of [u.provider, u.counsellor2]) {
      expect((await list(who, caseId)).status).toBe(404);
      const d = await download(who, caseId, res.body.id!);
      expect(d.status).toBe(404);
      expect(((await d.json()) as { code: string }).code).toBe('NOT_FOUND');
      expect((await upload(who, caseId, { bytes: pdf(), name: 'x.pdf' })).status).toBe(404);
    }
    // A document of another case is not found through this one.
    const other = await newCase();
    expect((await download(u.counsellor, other, res.body.id!)).status).toBe(404);
    expect((await download(u.counsellor, caseId, randomUUID())).status).toBe(404);
  });

  it('audits every download with ids only', async () => {
    const res = await upload(u.counsellor, caseId, { bytes: pdf(), name: `${NAME_MARK}-audit.pdf` });
    const id = res.body.id!;
    await download(u.counsellor, caseId, id);
    await download(u.supervisor, caseId, id);
    const rows = await db.query<{ actor_id: string; case_id: string; reason_text_enc: string | null }>(
      `SELECT actor_id, case_id, reason_text_enc FROM audit_events
        WHERE action = 'case.document_downloaded' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(rows.map((r) => [r.actor_id, r.case_id, r.reason_text_enc])).toEqual([
      [u.counsellor.id, caseId, null],
      [u.supervisor.id, caseId, null],
    ]);
    const added = await db.query(
      `SELECT 1 FROM audit_events WHERE action = 'case.document_added' AND entity_id = $1`,
      [id],
    );
    expect(added).toHaveLength(1);
  });

  it('stores once when a retry carries the same Idempotency-Key', async () => {
    const key = `doc-${randomUUID()}`;
    const file = { bytes: pdf('lần một'), name: 'đồng ý.pdf' };
    const first = await upload(u.counsellor, caseId, file, 'signed_consent', { 'idempotency-key': key });
    const again = await upload(u.counsellor, caseId, file, 'signed_consent', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const rows = await db.query(
      `SELECT 1 FROM documents WHERE case_id = $1 AND kind = 'signed_consent' AND size_bytes = $2`,
      [caseId, file.bytes.length],
    );
    expect(rows).toHaveLength(1);
    // The same key with another file is refused.
    const other = await upload(u.counsellor, caseId, { ...file, bytes: pdf('lần hai') }, 'signed_consent', {
      'idempotency-key': key,
    });
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('destroys a mistaken upload: content and name gone, the record kept, audited', async () => {
    const res = await upload(u.counsellor, caseId, { bytes: pdf(), name: 'nhầm.pdf' });
    const id = res.body.id!;
    const del = await call(api, 'DELETE', `/api/v1/cases/${caseId}/documents/${id}`, {
      token: await tokenOf(u.counsellor),
    });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id, name: null, destroyedReason: 'removed', kind: 'medical' });
    expect((await download(u.counsellor, caseId, id)).status).toBe(410);
    expect(await db.query(`SELECT 1 FROM document_contents WHERE document_id = $1`, [id])).toHaveLength(0);
    expect(
      await db.query(`SELECT 1 FROM audit_events WHERE action = 'case.document_removed' AND entity_id = $1`, [
        id,
      ]),
    ).toHaveLength(1);
  });

  it('moves the documents on a merge and gives exactly those back on its undo', async () => {
    const merged = await newCase();
    const surviving = await newCase();
    const a = (await upload(u.counsellor, merged, { bytes: pdf(), name: 'a.pdf' })).body.id!;
    const registry = api.app.get(CaseMoveRegistry);
    const dataSource = api.app.get(DataSource);
    const merge = {
      mergeId: randomUUID(),
      mergedCaseId: merged,
      survivingCaseId: surviving,
      actor: { user: { id: u.supervisor.id, roles: ['supervisor'], organizationId: '' } },
      at: new Date(),
    } as unknown as Parameters<CaseMoveRegistry['merge']>[1];
    const moved = await dataSource.transaction((m) => registry.merge(m, merge));
    expect(moved.documents).toEqual([a]);
    const later = (await upload(u.counsellor, surviving, { bytes: pdf(), name: 'b.pdf' })).body.id!;
    expect((await list(u.counsellor, surviving)).body.map((d) => d.id)).toEqual([a, later]);
    expect((await download(u.counsellor, surviving, a)).status).toBe(200);
    await dataSource.transaction((m) => registry.unmerge(m, merge, moved));
    expect((await list(u.counsellor, merged)).body.map((d) => d.id)).toEqual([a]);
    expect((await list(u.counsellor, surviving)).body.map((d) => d.id)).toEqual([later]);
  });

  it("lets the file name's marker reach no log line", () => {
    const logs = api.logs();
    expect(logs).toContain('/documents');
    expect(logs.includes(NAME_MARK)).toBe(false);
    expect(logs.includes(CONTENT_MARK)).toBe(false);
  });

  it("re-seals every document's content under the active key (documents:rotate), once", async () => {
    const bytes = pdf('xoay khóa');
    const id = (await upload(u.counsellor, caseId, { bytes, name: 'khóa.pdf' })).body.id!;
    const ring = `rot9:${randomBytes(32).toString('base64')},${TEST_KEYS.HAVEN_DATA_KEYS}`;
    const rotated = new CryptoService(testEnv(db.url, { HAVEN_DATA_KEYS: ring }), captureLogger().logger);
    const rotation = new DocumentRotation(rotated, api.app.get<DocumentStore>(DOCUMENT_STORE));
    const first = await rotation.rotate({ batchSize: 2 });
    expect(first.examined).toBeGreaterThan(3);
    expect(first).toMatchObject({ activeKeyId: 'rot9', reSealed: first.examined, conflicts: 0 });
    const [row] = await db.query<{ content_enc: Buffer }>(
      `SELECT content_enc FROM document_contents WHERE document_id = $1`,
      [id],
    );
    expect(rotated.keyIdOfBytes(row!.content_enc)).toBe('rot9');
    expect(rotated.decryptBytes(row!.content_enc, `documents.content:${id}`).equals(bytes)).toBe(true);
    expect(await rotation.rotate()).toMatchObject({ examined: first.examined, reSealed: 0 });
  });

  it("destroys the documents with the case's personal data at retention", async () => {
    const doomed = await newCase();
    const id = (await upload(u.counsellor, doomed, { bytes: pdf(), name: `${NAME_MARK}-retention.pdf` })).body
      .id!;
    await db.query(
      `UPDATE cases SET status = 'closed', closed_at = now() - interval '20000 days', closure_reason_code = 'goals_met'
        WHERE id = $1`,
      [doomed],
    );
    const result = await api.app.get(RetentionService).run();
    expect(result.cases.map((c) => c.id)).toContain(doomed);
    const [row] = await db.query<{ name_enc: string | null; destroyed_reason: string | null; kind: string }>(
      `SELECT name_enc, destroyed_reason, kind FROM documents WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ name_enc: null, destroyed_reason: 'retention', kind: 'medical' });
    expect(await db.query(`SELECT 1 FROM document_contents WHERE document_id = $1`, [id])).toHaveLength(0);
    // The other case's documents stay.
    expect((await db.query(`SELECT 1 FROM document_contents`)).length).toBeGreaterThan(0);
  });
});
