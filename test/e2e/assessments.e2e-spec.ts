import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FormsService } from '../../src/modules/assessments/forms.service';
import { CaseMoveRegistry } from '../../src/modules/cases';
import { FormVersionRepository } from '../../src/modules/assessments/repositories/form-version.repository';
import { CatalogueService } from '../../src/platform/catalogues';
import { configDir } from '../../src/platform/config/app-root';
import { assignCase, createCase } from '../factories/cases';
import { RunningApi, startApi, testEnv } from '../support/app';
import { call, createOrganization, createUser, MANY_SIGN_INS, TestUser, tokenCache } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody } from '../support/error-body';

interface Label {
  vi: string;
  en: string;
}
interface Question {
  key: string;
  kind: string;
  required?: boolean;
  showWhen?: { question: string; equals?: unknown };
}
interface Form {
  key: string;
  version: number;
  title: Label;
  sections: { key: string; needsArea?: string; questions: Question[] }[];
}
interface Assessment {
  id: string;
  formKey: string;
  formVersion: number;
  status: string;
  version: number;
  completedBy: string | null;
  completedAt: string | null;
  answers: Record<string, unknown>;
  form: Form;
}
interface AssessmentList {
  items: Omit<Assessment, 'answers' | 'form'>[];
  byForm: { formKey: string; assessments: { id: string }[] }[];
}
type Answer<T> = T & ErrorBody<{ question?: string; missing?: string[] }>;

/** Markers planted in free-text answers: none may reach a log line, the dump or the audit trail. */
const STRENGTHS_MARK = 'Chị ấy kiên cường MARKERASSESSSTRENGTH';
const HIDDEN_MARK = 'Ghi chú ẩn MARKERASSESSHIDDEN';

/** A complete psychosocial assessment without thoughts of self-harm. */
const CALM_ANSWERS = {
  feelings: ['afraid', 'anxious'],
  distress_level: 7,
  daily_activities: 'with_difficulty',
  sleep: 'nightmares',
  appetite_changed: true,
  days_unable_to_work: 4,
  has_trusted_person: true,
  trusted_people: ['friend'],
  self_harm_thoughts: false,
  coping_ability: 3,
  strengths: STRENGTHS_MARK,
  psychosocial_support_needed: 'focused',
  next_session_date: '2026-12-14',
};

describe('assessments as data: forms, drafts, completion, versions', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let tokenOf: ReturnType<typeof tokenCache>;
  let counsellor: TestUser;
  let otherCounsellor: TestUser;
  let supervisor: TestUser;
  let provider: TestUser;
  let caseId: string;

  const as = async <T>(user: TestUser, method: string, path: string, body?: unknown, key?: string) =>
    call<Answer<T>>(api, method, path, {
      token: await tokenOf(user),
      ...(body === undefined ? {} : { body }),
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  const base = () => `/api/v1/cases/${caseId}/assessments`;
  const start = async (formKey = 'psychosocial', key?: string) => {
    const res = await as<Assessment>(counsellor, 'POST', base(), { formKey }, key);
    expect(res.status).toBe(201);
    return res.body;
  };
  const save = (a: { id: string; version: number }, answers: Record<string, unknown>) =>
    as<Assessment>(counsellor, 'PATCH', `${base()}/${a.id}`, { answers, version: a.version });
  const complete = (a: { id: string; version: number }) =>
    as<Assessment>(counsellor, 'POST', `${base()}/${a.id}/complete`, { version: a.version });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none' }));
    tokenOf = tokenCache(api);
    const centre = await createOrganization(db, { name: 'Trung tâm đánh giá' });
    const clinic = await createOrganization(db, { name: 'Phòng khám đánh giá', type: 'health' });
    const user = (roles: string[], organizationId = centre.id) => createUser(db, { roles, organizationId });
    counsellor = await user(['counsellor']);
    otherCounsellor = await user(['counsellor']);
    supervisor = await user(['supervisor']);
    provider = await user(['provider_staff'], clinic.id);
    const operator = await user(['hotline_operator']);
    caseId = (await createCase(api, await tokenOf(operator))).id;
    await assignCase(api, await tokenOf(supervisor), caseId, counsellor.id);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('lists the current forms and gives a version’s definition', async () => {
    const forms = await as<{ key: string; version: number }[]>(counsellor, 'GET', '/api/v1/forms');
    expect(forms.status).toBe(200);
    expect(forms.body.map((f) => `${f.key}@${f.version}`)).toEqual(['needs@1', 'psychosocial@1']);
    const needs = await as<Form>(counsellor, 'GET', '/api/v1/forms/needs/versions/1');
    expect(needs.status).toBe(200);
    expect(needs.body.sections.flatMap((s) => (s.needsArea ? [s.needsArea] : []))).toEqual([
      'safety',
      'health',
      'psychosocial',
      'legal_justice',
      'economic_livelihood',
      'shelter',
      'education',
      'family',
    ]);
    expect((await as(counsellor, 'GET', '/api/v1/forms/hobbies/versions/1')).body.code).toBe(
      'FORM_NOT_FOUND',
    );
    const v9 = await as(counsellor, 'GET', '/api/v1/forms/needs/versions/9');
    expect([v9.status, v9.body.code]).toEqual([404, 'FORM_VERSION_NOT_FOUND']);
    expect((await as(provider, 'GET', '/api/v1/forms')).status).toBe(403);
  });

  it('starts a draft at the newest version; a retry with the same key makes no second one', async () => {
    const first = await start('needs', 'assess-needs-0001');
    expect(first).toMatchObject({
      formKey: 'needs',
      formVersion: 1,
      status: 'draft',
      version: 1,
      answers: {},
    });
    expect(first.form.key).toBe('needs');
    const again = await start('needs', 'assess-needs-0001');
    expect(again.id).toBe(first.id);
    const list = await as<AssessmentList>(counsellor, 'GET', base());
    expect(list.body.items.filter((i) => i.formKey === 'needs')).toHaveLength(1);
    const unknown = await as(counsellor, 'POST', base(), { formKey: 'hobbies' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'FORM_NOT_FOUND']);
  });

  it('refuses an unknown question, a wrong option, a scale out of range and a bad date, writing nothing', async () => {
    const a = await start();
    const unknown = await save(a, { feelings: ['sad'], favourite_colour: 'blue' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'ASSESSMENT_UNKNOWN_QUESTION']);
    expect(unknown.body.message).toContain('answers.favourite_colour');
    expect(unknown.body.details).toEqual({ question: 'favourite_colour' });
    for (const [answers, question] of [
      [{ sleep: 'sleepwalking' }, 'sleep'],
      [{ feelings: ['sad', 'sad'] }, 'feelings'],
      [{ distress_level: 11 }, 'distress_level'],
      [{ distress_level: 2.5 }, 'distress_level'],
      [{ next_session_date: '2026-02-30' }, 'next_session_date'],
      [{ self_harm_thoughts: 'yes' }, 'self_harm_thoughts'],
      [{ days_unable_to_work: 45 }, 'days_unable_to_work'],
    ] as const) {
      const res = await save(a, answers);
      expect({ question, status: res.status, code: res.body.code }).toEqual({
        question,
        status: 422,
        code: 'ASSESSMENT_ANSWER_INVALID',
      });
      expect(res.body.details).toEqual({ question });
    }
    const read = await as<Assessment>(counsellor, 'GET', `${base()}/${a.id}`);
    expect([read.body.version, read.body.answers]).toEqual([1, {}]);
    const stale = await save({ id: a.id, version: 5 }, {});
    expect([stale.status, stale.body.code]).toEqual([409, 'VERSION_CONFLICT']);
  });

  it('saves a draft, asks the required questions a yes shows, drops hidden answers on completion', async () => {
    const a = await start();
    const risky = await save(a, { ...CALM_ANSWERS, self_harm_thoughts: true, self_harm_notes: HIDDEN_MARK });
    expect(risky.status).toBe(200);
    expect(risky.body).toMatchObject({ status: 'draft', version: 2 });
    expect(risky.body.answers).toMatchObject({ strengths: STRENGTHS_MARK, self_harm_notes: HIDDEN_MARK });
    // The yes shows self_harm_plan and self_harm_past_attempt, both required.
    const missing = await complete(risky.body);
    expect([missing.status, missing.body.code]).toEqual([422, 'ASSESSMENT_ANSWERS_MISSING']);
    expect(missing.body.details).toEqual({ missing: ['self_harm_plan', 'self_harm_past_attempt'] });
    // A plan shows the immediate steps, required too.
    const plan = await save(risky.body, {
      ...risky.body.answers,
      self_harm_plan: true,
      self_harm_past_attempt: false,
    });
    expect((await complete(plan.body)).body.details).toEqual({ missing: ['self_harm_immediate_steps'] });
    // She answers no after all: the risk questions hide, their answers go on completion.
    const calm = await save(plan.body, { ...plan.body.answers, self_harm_thoughts: false });
    expect(calm.body.answers).toMatchObject({ self_harm_plan: true, self_harm_notes: HIDDEN_MARK });
    const done = await complete(calm.body);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedBy: counsellor.id, version: 5 });
    expect(done.body.answers).toEqual(CALM_ANSWERS);
    const read = await as<Assessment>(counsellor, 'GET', `${base()}/${a.id}`);
    expect(read.body.answers).toEqual(CALM_ANSWERS);
    const after = await save(done.body, {});
    expect([after.status, after.body.code]).toEqual([409, 'ASSESSMENT_COMPLETED']);
    // Stored: coded answers in clear, texts sealed.
    const [row] = await db.query<{ answers: Record<string, unknown>; text_answers_enc: string }>(
      'SELECT answers, text_answers_enc FROM assessments WHERE id = $1',
      [a.id],
    );
    expect(row!.answers).not.toHaveProperty('strengths');
    expect(row!.answers).toMatchObject({ sleep: 'nightmares', distress_level: 7 });
    expect(row!.text_answers_enc).not.toContain('MARKERASSESS');
  });

  it('completes idempotently: a retry with the same key answers the same', async () => {
    const a = await start('needs');
    const saved = await save(a, {
      safety_need: true,
      safety_level: 'urgent',
      safety_needs: ['needs_safe_place'],
      health_need: false,
      psychosocial_need: true,
      psychosocial_level: 'medium',
      legal_justice_need: false,
      economic_livelihood_need: false,
      shelter_need: false,
      education_need: false,
      family_need: false,
    });
    expect(saved.status).toBe(200);
    const path = `${base()}/${a.id}/complete`;
    const first = await as<Assessment>(counsellor, 'POST', path, { version: 2 }, 'assess-complete-01');
    const retry = await as<Assessment>(counsellor, 'POST', path, { version: 2 }, 'assess-complete-01');
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    expect(first.body.status).toBe('completed');
  });

  it('lists the file’s assessments and each form’s history, to those who may read the file', async () => {
    const list = await as<AssessmentList>(counsellor, 'GET', base());
    expect(list.status).toBe(200);
    expect(list.body.items.map((i) => i.formKey)).toEqual(['needs', 'psychosocial', 'psychosocial', 'needs']);
    expect(list.body.byForm.map((f) => [f.formKey, f.assessments.length])).toEqual([
      ['needs', 2],
      ['psychosocial', 2],
    ]);
    expect((await as(supervisor, 'GET', base())).status).toBe(200);
    const someId = list.body.items[0]!.id;
    for (const [user, path] of [
      [otherCounsellor, base()],
      [otherCounsellor, `${base()}/${someId}`],
      [provider, base()],
      [provider, `${base()}/${someId}`],
    ] as const) {
      expect((await as(user, 'GET', path)).status).toBe(404);
    }
    expect((await as(provider, 'POST', base(), { formKey: 'needs' })).status).toBe(404);
    expect((await as(provider, 'PATCH', `${base()}/${someId}`, { answers: {}, version: 1 })).status).toBe(
      404,
    );
    // Another case's assessment is not found through this case.
    const other = (await createCase(api, await tokenOf(supervisor))).id;
    expect((await as(supervisor, 'GET', `/api/v1/cases/${other}/assessments/${someId}`)).status).toBe(404);
  });

  it('moves a merged case’s assessments to the surviving case, and gives exactly those back on undo', async () => {
    const merged = (await createCase(api, await tokenOf(supervisor))).id;
    const surviving = (await createCase(api, await tokenOf(supervisor))).id;
    const insert = (caseId: string) =>
      db.query<{ id: string }>(
        `INSERT INTO assessments (case_id, form_key, form_version, created_by, updated_by)
         VALUES ($1, 'needs', 1, $2, $2) RETURNING id`,
        [caseId, supervisor.id],
      );
    const [moving] = await insert(merged);
    const [staying] = await insert(surviving);
    const registry = api.app.get(CaseMoveRegistry);
    const merge = {
      mergeId: randomUUID(),
      mergedCaseId: merged,
      survivingCaseId: surviving,
      actor: { user: { id: supervisor.id } as never, requestId: 'test' },
      at: new Date(),
    };
    const moved = await api.app.get(DataSource).transaction((m) => registry.merge(m, merge));
    expect(moved.assessments).toEqual([moving!.id]);
    const caseOf = async (id: string) =>
      (await db.query<{ case_id: string }>('SELECT case_id FROM assessments WHERE id = $1', [id]))[0]!
        .case_id;
    expect(await caseOf(moving!.id)).toBe(surviving);
    // Added to the surviving case after the merge: stays there on undo.
    const [after] = await insert(surviving);
    await api.app.get(DataSource).transaction((m) => registry.unmerge(m, merge, moved));
    expect([await caseOf(moving!.id), await caseOf(staying!.id), await caseOf(after!.id)]).toEqual([
      merged,
      surviving,
      surviving,
    ]);
  });

  it('writes free-text answers to no log line, no audit row and no pg_dump', async () => {
    const text = api.logs();
    expect(text).toContain('assessments');
    expect(text).not.toContain('MARKERASSESS');
    const audit = await db.query<{ action: string; reason_code: string | null }>(
      `SELECT action, reason_code FROM audit_events WHERE action LIKE 'assessment.%' ORDER BY at`,
    );
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['assessment.started', 'assessment.completed']),
    );
    expect(JSON.stringify(audit)).not.toContain('MARKERASSESS');
    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', '--dbname', db.url], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(dump).toContain('nightmares');
    expect(dump).not.toContain('MARKERASSESS');
  });

  describe('a new version of a form', () => {
    let dir: string;
    let v2: RunningApi | undefined;
    let oldId: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'haven-forms-e2e-'));
      cpSync(configDir(), dir, { recursive: true });
    });
    afterAll(async () => {
      await v2?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps old answers readable with their own version while new assessments use the new one', async () => {
      const old = await start();
      const saved = await save(old, { appetite_changed: true, distress_level: 9, strengths: STRENGTHS_MARK });
      expect(saved.status).toBe(200);
      oldId = old.id;
      // Version 2 drops appetite_changed and narrows distress_level; version 1's file is even removed.
      const v1File = join(dir, 'forms', 'psychosocial', '1.yaml');
      const v1 = readFileSync(v1File, 'utf8');
      const v2Text = v1
        .replace('version: 1', 'version: 2')
        .replace(/ {6}- key: appetite_changed\n( {8}.*\n)+?(?= {6}- key: days_unable_to_work)/, '')
        .replace('        max: 10\n', '        max: 4\n');
      expect(v2Text).not.toContain('appetite_changed');
      writeFileSync(join(dir, 'forms', 'psychosocial', '2.yaml'), v2Text);
      rmSync(v1File);
      await api.close();
      v2 = await startApi(
        testEnv(db.url, { ...MANY_SIGN_INS, NOTIFY_EXTERNAL: 'none', HAVEN_CONFIG_DIR: dir }),
      );
      api = v2;
      tokenOf = tokenCache(api);

      const forms = await as<{ key: string; version: number }[]>(counsellor, 'GET', '/api/v1/forms');
      expect(forms.body.map((f) => `${f.key}@${f.version}`)).toEqual(['needs@1', 'psychosocial@2']);
      const read = await as<Assessment>(counsellor, 'GET', `${base()}/${oldId}`);
      expect(read.status).toBe(200);
      expect(read.body.formVersion).toBe(1);
      expect(read.body.form.version).toBe(1);
      expect(read.body.answers).toEqual({
        appetite_changed: true,
        distress_level: 9,
        strengths: STRENGTHS_MARK,
      });
      const keys = read.body.form.sections.flatMap((s) => s.questions.map((q) => q.key));
      expect(keys).toContain('appetite_changed');
      // v1 is still served, from its recorded definition.
      expect((await as<Form>(counsellor, 'GET', '/api/v1/forms/psychosocial/versions/1')).body.version).toBe(
        1,
      );
      // The old draft is still filled with its own version.
      expect((await save(read.body, { ...read.body.answers, distress_level: 10 })).status).toBe(200);
      const fresh = await start();
      expect(fresh.formVersion).toBe(2);
      const refused = await save(fresh, { appetite_changed: true });
      expect([refused.status, refused.body.code]).toEqual([422, 'ASSESSMENT_UNKNOWN_QUESTION']);
      expect((await save(fresh, { distress_level: 9 })).body.code).toBe('ASSESSMENT_ANSWER_INVALID');
    });

    it('refuses to start when a shipped version was changed, naming the file', async () => {
      // What start-up runs (Nest awaits onModuleInit before the app listens), on the recorded versions.
      const v2File = join(dir, 'forms', 'psychosocial', '2.yaml');
      writeFileSync(v2File, readFileSync(v2File, 'utf8').replace('Giấc ngủ', 'Giấc ngủ (đêm qua)'));
      const forms = new FormsService(
        { ...api.env, HAVEN_CONFIG_DIR: dir },
        api.app.get(CatalogueService),
        api.app.get(DataSource),
        new FormVersionRepository(),
      );
      await expect(forms.onModuleInit()).rejects.toThrow(
        /forms\/psychosocial\/2\.yaml: version 2 of the form psychosocial differs from the one shipped; a shipped version is never edited/,
      );
      // A comment or the layout of a file is not a change.
      writeFileSync(
        v2File,
        `# Sửa chú thích\n${readFileSync(v2File, 'utf8').replace('Giấc ngủ (đêm qua)', 'Giấc ngủ')}`,
      );
      const again = new FormsService(
        { ...api.env, HAVEN_CONFIG_DIR: dir },
        api.app.get(CatalogueService),
        api.app.get(DataSource),
        new FormVersionRepository(),
      );
      await expect(again.onModuleInit()).resolves.toBeUndefined();
    });
  });
});
