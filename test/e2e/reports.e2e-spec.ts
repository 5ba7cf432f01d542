import ExcelJS from 'exceljs';
import { eventually, RunningApi, RunningWorker, startApi, startWorker, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { readPdf } from '../support/pdf-text';
import { ReportRunner } from '../../src/modules/reporting/reports/report-runner';

/** Personal data planted in the seeded cases: none of it may appear in any report file. */
const MARKERS = {
  name: 'Trần Thị Dấu Vết Báo Cáo',
  reporterName: 'Lê Văn Người Báo Tin',
  guardianName: 'Phạm Thị Người Giám Hộ',
  phone: '0987123456',
  reporterPhone: '0912876543',
  nationalId: '001190054321',
  address: '77 ngõ Dấu Vết, tổ 9',
  note: 'Ghi chú riêng tư không được xuất hiện',
};
const COMMUNE = '00004';
const RULE_START = 'Số liệu được làm nhiễu theo phương pháp khóa ô (cell-key), sai lệch tối đa ±2';

interface Run {
  id: string;
  status: string;
  coverage: string;
  fileName: string | null;
  fileSize: number | null;
  errorCode: string | null;
  finishedAt: string | null;
}

const asArrayBuffer = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

async function xlsxSheets(bytes: Buffer): Promise<Map<string, string[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(asArrayBuffer(bytes));
  const sheets = new Map<string, string[]>();
  for (const ws of wb.worksheets) {
    const cells: string[] = [];
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        cells.push(cell.text);
      });
    });
    sheets.set(ws.name, cells);
  }
  return sheets;
}

describe('reports (POST /api/v1/reports, the worker, GET /api/v1/reports/:id[/file])', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let worker: RunningWorker;
  let tokenOf: ReturnType<typeof tokenCache>;
  let manager: TestUser;
  let supervisor: TestUser;
  let otherSupervisor: TestUser;
  let otherManager: TestUser;
  const references: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    worker = await startWorker(api.env);
    tokenOf = tokenCache(api);
    const centre = await createOrganization(db, {
      name: 'Trung tâm CTXH báo cáo',
      type: 'social_work_centre',
    });
    const other = await createOrganization(db, {
      name: 'Trung tâm khác báo cáo',
      type: 'social_work_centre',
    });
    manager = await createUser(db, { roles: ['centre_manager'], organizationId: centre.id });
    supervisor = await createUser(db, { roles: ['supervisor'], organizationId: centre.id });
    otherSupervisor = await createUser(db, { roles: ['supervisor'], organizationId: other.id });
    otherManager = await createUser(db, { roles: ['centre_manager'], organizationId: other.id });
    // The centre's cases come by hotline, the other organisation's walk in: a supervisor's report that
    // shows a walk-in figure would hold another organisation's cases.
    for (let i = 0; i < 6; i++)
      await intake(supervisor, 'hotline', `2026-07-${String(3 + i).padStart(2, '0')}`, i);
    for (let i = 0; i < 6; i++)
      await intake(otherSupervisor, 'walk_in', `2026-08-${String(3 + i).padStart(2, '0')}`, i);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.drop();
  });

  async function intake(user: TestUser, channel: string, day: string, n: number): Promise<void> {
    const res = await call<{ reference: string }>(api, 'POST', '/api/v1/cases', {
      token: await tokenOf(user),
      body: {
        channel,
        receivedAt: `${day}T03:00:00.000Z`,
        survivor: {
          fullName: `${MARKERS.name} ${n}`,
          sex: 'female',
          phones: [MARKERS.phone],
          nationalId: MARKERS.nationalId,
          communeCode: COMMUNE,
          addressDetail: MARKERS.address,
          guardian: { fullName: MARKERS.guardianName },
        },
        reporter: { relationship: 'neighbour', fullName: MARKERS.reporterName, phone: MARKERS.reporterPhone },
        incident: { violenceTypes: ['physical_assault'], communeCode: COMMUNE },
        note: MARKERS.note,
      },
    });
    expect(res.status).toBe(201);
    references.push(res.body.reference);
  }

  async function ask(user: TestUser, body: Record<string, unknown>, headers?: Record<string, string>) {
    return call<{ id: string; status: string; code?: string; message?: string }>(
      api,
      'POST',
      '/api/v1/reports',
      {
        token: await tokenOf(user),
        body,
        headers,
      },
    );
  }

  async function finished(user: TestUser, id: string): Promise<Run> {
    const token = await tokenOf(user);
    const res = await eventually(
      () => call<Run>(api, 'GET', `/api/v1/reports/${id}`, { token }),
      (r) => r.status === 200 && (r.body.status === 'done' || r.body.status === 'failed'),
      { timeoutMs: 60_000, what: `report run ${id} finished` },
    );
    return res.body;
  }

  async function download(user: TestUser, id: string): Promise<{ res: Response; bytes: Buffer }> {
    const res = await fetch(`${api.url}/api/v1/reports/${id}/file`, {
      headers: { authorization: `Bearer ${await tokenOf(user)}` },
    });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  function expectNoPersonalData(text: string): void {
    for (const marker of [...Object.values(MARKERS), ...references]) expect(text).not.toContain(marker);
  }

  const H2 = { kind: 'semiannual', period: '2026-H2', scope: { provinceCode: '01' } };

  it('makes an XLSX with Vietnamese headings and the rule on every sheet, and no personal data', async () => {
    const asked = await ask(manager, { ...H2, format: 'xlsx' });
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('queued');
    const run = await finished(manager, asked.body.id);
    expect(run).toMatchObject({ status: 'done', coverage: 'city', fileName: 'bao-cao-6-thang-2026-H2.xlsx' });
    const { res, bytes } = await download(manager, run.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="bao-cao-6-thang-2026-H2.xlsx"',
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(bytes.length).toBe(run.fileSize);
    const sheets = await xlsxSheets(bytes);
    expect([...sheets.keys()]).toEqual(expect.arrayContaining(['Ca theo xã - kênh', 'Chỉ tiêu kế hoạch']));
    for (const [, cells] of sheets) {
      expect(cells[0]).toBe('Báo cáo 6 tháng');
      expect(cells.some((c) => c.includes(RULE_START))).toBe(true);
      expectNoPersonalData(cells.join('\n'));
    }
    const byCommune = sheets.get('Ca theo xã - kênh')!;
    expect(byCommune).toEqual(expect.arrayContaining(['Xã/phường', 'Kênh tiếp nhận', 'Số lượng']));
    expect(byCommune).toEqual(expect.arrayContaining(['Đường dây nóng', 'Trực tiếp đến cơ sở']));
  });

  it('makes a CSV with the BOM, the rule at the top and Vietnamese headings, and no personal data', async () => {
    const run = await finished(manager, (await ask(manager, { ...H2, format: 'csv' })).body.id);
    expect(run.status).toBe('done');
    const { res, bytes } = await download(manager, run.id);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toContain(RULE_START);
    expect(text).toContain('Xã/phường,Kênh tiếp nhận,Số lượng');
    expect(text).toContain('Loại hình bạo lực,Giới tính,Số lượng');
    // The city's report holds the other organisation's walk-in cases (the supervisor's below must not).
    expect(text.split('\r\n').some((l) => l.includes('Trực tiếp đến cơ sở') && !l.endsWith(',0'))).toBe(true);
    expectNoPersonalData(text);
  });

  it('makes a PDF whose text holds the Vietnamese title, the rule and page numbers, and no personal data', async () => {
    const run = await finished(manager, (await ask(manager, { ...H2, format: 'pdf' })).body.id);
    expect(run.status).toBe('done');
    const { res, bytes } = await download(manager, run.id);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = readPdf(bytes);
    expect(pdf.flat).toContain('Báo cáo 6 tháng');
    expect(pdf.flat).toContain('6 tháng cuối năm 2026');
    expect(pdf.flat).toContain(RULE_START);
    expect(pdf.flat).toMatch(/Trang 1\/\d+/);
    expectNoPersonalData(pdf.flat);
  });

  it('makes monthly and annual reports for their own period kinds, a list of communes as scope', async () => {
    const monthly = await ask(manager, {
      kind: 'monthly',
      period: '2026-07',
      scope: { provinceCode: '01', communeCodes: [COMMUNE] },
      format: 'csv',
    });
    const annual = await ask(manager, {
      kind: 'annual',
      period: '2026',
      scope: { provinceCode: '01' },
      format: 'xlsx',
    });
    const m = await finished(manager, monthly.body.id);
    const a = await finished(manager, annual.body.id);
    expect([m.status, m.fileName]).toEqual(['done', 'bao-cao-thang-2026-07.csv']);
    expect([a.status, a.fileName]).toEqual(['done', 'bao-cao-nam-2026.xlsx']);
    const text = (await download(manager, m.id)).bytes.toString('utf8');
    expect(text).toContain('Báo cáo tiến độ tháng');
    expect(text).toContain('Phường Ba Đình');
    expectNoPersonalData(text);
  });

  it("covers only the supervisor's organisation in a supervisor's report", async () => {
    const run = await finished(supervisor, (await ask(supervisor, { ...H2, format: 'csv' })).body.id);
    expect(run).toMatchObject({ status: 'done', coverage: 'organization' });
    const text = (await download(supervisor, run.id)).bytes.toString('utf8');
    const walkIn = text.split('\r\n').filter((l) => l.includes('Trực tiếp đến cơ sở'));
    // The other organisation's walk-in cases: absent, or an empty cell.
    expect(walkIn.every((l) => l.endsWith(',0'))).toBe(true);
    expect(text.split('\r\n').some((l) => l.includes('Đường dây nóng') && !l.endsWith(',0'))).toBe(true);
  });

  it("answers 404 to another organisation's users for the run and its file", async () => {
    const asked = await ask(manager, { ...H2, format: 'csv' });
    await finished(manager, asked.body.id);
    for (const user of [otherSupervisor, otherManager]) {
      const token = await tokenOf(user);
      expect((await call(api, 'GET', `/api/v1/reports/${asked.body.id}`, { token })).status).toBe(404);
      expect((await call(api, 'GET', `/api/v1/reports/${asked.body.id}/file`, { token })).status).toBe(404);
      const list = await call<{ items: { id: string }[] }>(api, 'GET', '/api/v1/reports', { token });
      expect(list.body.items.map((i) => i.id)).not.toContain(asked.body.id);
    }
    const mine = await call<{ items: { id: string }[] }>(api, 'GET', '/api/v1/reports?limit=100', {
      token: await tokenOf(manager),
    });
    expect(mine.body.items.map((i) => i.id)).toContain(asked.body.id);
  });

  it('replays the same answer for the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'report-key-0001' };
    const first = await ask(manager, { ...H2, format: 'pdf' }, headers);
    const second = await ask(manager, { ...H2, format: 'pdf' }, headers);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(first.body.id);
  });

  it.each([
    [
      'a period that does not fit the kind',
      { ...H2, kind: 'monthly', format: 'xlsx' },
      'REPORT_PERIOD_INVALID',
      'period',
    ],
    [
      'a period that does not parse',
      { ...H2, period: '2026-H3', format: 'xlsx' },
      'REPORT_PERIOD_INVALID',
      'period',
    ],
    [
      'a commune outside the province',
      { ...H2, scope: { provinceCode: '01', communeCodes: ['99999'] }, format: 'xlsx' },
      'REPORT_COMMUNE_UNKNOWN',
      'scope.communeCodes.0',
    ],
    [
      'an unknown province',
      { ...H2, scope: { provinceCode: '98' }, format: 'xlsx' },
      'REPORT_PROVINCE_UNKNOWN',
      'scope.provinceCode',
    ],
    ['an unknown format', { ...H2, format: 'docx' }, 'VALIDATION_FAILED', 'format'],
    ['an unknown kind', { ...H2, kind: 'weekly', format: 'csv' }, 'VALIDATION_FAILED', 'kind'],
  ])('refuses %s with 400 naming it', async (_what, body, code, field) => {
    const res = await ask(manager, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(JSON.stringify(res.body)).toContain(field);
  });

  it('refuses roles that make no reports', async () => {
    const counsellor = await createUser(db, {
      roles: ['counsellor'],
      organizationId: supervisor.organizationId,
    });
    expect((await ask(counsellor, { ...H2, format: 'csv' })).status).toBe(403);
  });

  it('shows a run that cannot be made as failed with an error code, and its file as not ready', async () => {
    // A run whose period does not fit its kind, as an older release might have written it.
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO report_runs (kind, period, province_code, format, status, requested_by, organization_id, coverage)
       VALUES ('monthly', '2026-H2', '01', 'xlsx', 'queued', $1, $2, 'city') RETURNING id`,
      [manager.id, manager.organizationId],
    );
    await db.query(
      `INSERT INTO outbox_events (id, topic, payload) VALUES (gen_random_uuid(), 'report.requested', $1)`,
      [JSON.stringify({ reportRunId: row!.id, organizationId: manager.organizationId })],
    );
    const run = await finished(manager, row!.id);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'REPORT_PERIOD_INVALID', fileName: null });
    const file = await call<{ code: string }>(api, 'GET', `/api/v1/reports/${row!.id}/file`, {
      token: await tokenOf(manager),
    });
    expect(file.status).toBe(409);
    expect(file.body.code).toBe('REPORT_NOT_READY');
  });

  it('leaves a finished run alone when its event comes again', async () => {
    const run = await finished(manager, (await ask(manager, { ...H2, format: 'csv' })).body.id);
    const runner = worker.app.get(ReportRunner);
    expect(await runner.run(run.id)).toBe('skipped');
    const again = await call<Run>(api, 'GET', `/api/v1/reports/${run.id}`, { token: await tokenOf(manager) });
    expect(again.body).toMatchObject({ status: 'done', finishedAt: run.finishedAt, fileSize: run.fileSize });
  });

  it('makes a run again that a crashed worker left running', async () => {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO report_runs (kind, period, province_code, format, status, requested_by, organization_id, coverage,
                                started_at, attempts)
       VALUES ('semiannual', '2026-H2', '01', 'csv', 'running', $1, $2, 'city', now(), 1) RETURNING id`,
      [manager.id, manager.organizationId],
    );
    expect(await worker.app.get(ReportRunner).run(row!.id)).toBe('done');
    expect((await finished(manager, row!.id)).status).toBe('done');
  });
});
