import { join } from 'node:path';
import { loadCatalogues } from '../../src/platform/catalogues/catalogue';
import { REQUIRED_CATALOGUES } from '../../src/platform/catalogues/catalogue.service';
import { configDir } from '../../src/platform/config/app-root';
import { startApi, testEnv, RunningApi } from '../support/app';
import { call, createOrganization, createUser, signInAs } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import type { ErrorBody as ApiErrorBody } from '../support/error-body';

interface Summary {
  name: string;
  label: { vi: string; en: string };
}
type ErrorBody = ApiErrorBody<{ field: string }[]>;

describe('the catalogues over HTTP', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let token: string;
  const onDisk = loadCatalogues(join(configDir(), 'catalogues'));

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url));
    const org = await createOrganization(db, { name: 'Đường dây nóng danh mục' });
    const operator = await createUser(db, { roles: ['hotline_operator'], organizationId: org.id });
    token = (await signInAs(api, operator)).accessToken;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('lists every catalogue by name with its Vietnamese and English label', async () => {
    const res = await call<Summary[]>(api, 'GET', '/api/v1/catalogues', { token });
    expect(res.status).toBe(200);
    expect(res.body.map((c) => c.name)).toEqual([...onDisk.keys()]);
    expect(res.body.map((c) => c.name)).toEqual(expect.arrayContaining([...REQUIRED_CATALOGUES]));
    expect(res.body.find((c) => c.name === 'risk-questionnaire')).toEqual({
      name: 'risk-questionnaire',
      label: { vi: 'Đánh giá nguy cơ', en: 'Risk assessment' },
    });
  });

  it.each([...REQUIRED_CATALOGUES])('returns %s whole, as config/ says', async (name) => {
    const res = await call(api, 'GET', `/api/v1/catalogues/${name}`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(onDisk.get(name))));
  });

  it('returns the risk questionnaire with its question types, weights and levels', async () => {
    const res = await call<{
      items: { key: string; type: string; max?: number; weight: number }[];
      levels: { level: string; minScore: number; vi: string; en: string; alert: boolean }[];
    }>(api, 'GET', '/api/v1/catalogues/risk-questionnaire', { token });
    expect(res.body.items.find((i) => i.key === 'fear_level')).toMatchObject({ type: 'scale', max: 3 });
    expect(res.body.levels.map((l) => [l.level, l.vi, l.alert])).toEqual([
      ['low', 'Thấp', false],
      ['medium', 'Trung bình', false],
      ['high', 'Cao', true],
      ['critical', 'Rất cao', true],
    ]);
    expect(res.body.levels[0]?.minScore).toBe(0);
  });

  it('returns the groups of dv-acts and the intimate-partner flag of relationships', async () => {
    const acts = await call<{ groups: { key: string }[] }>(api, 'GET', '/api/v1/catalogues/dv-acts', {
      token,
    });
    expect(acts.body.groups.map((g) => g.key)).toEqual(['physical', 'psychological', 'sexual', 'economic']);
    const rel = await call<{ items: { key: string; intimatePartner: boolean }[] }>(
      api,
      'GET',
      '/api/v1/catalogues/relationships',
      { token },
    );
    expect(rel.body.items.find((i) => i.key === 'former_spouse')?.intimatePartner).toBe(true);
    expect(rel.body.items.find((i) => i.key === 'neighbour')?.intimatePartner).toBe(false);
  });

  it('answers 404 CATALOGUE_NOT_FOUND for an unknown catalogue, in Vietnamese by default', async () => {
    const res = await call<ErrorBody>(api, 'GET', '/api/v1/catalogues/no-such-list', { token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      statusCode: 404,
      code: 'CATALOGUE_NOT_FOUND',
      message: 'Không tìm thấy danh mục no-such-list.',
    });
  });

  it('answers the 404 in English when asked', async () => {
    const res = await call<ErrorBody>(api, 'GET', '/api/v1/catalogues/no-such-list', {
      token,
      headers: { 'accept-language': 'en' },
    });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('There is no catalogue named no-such-list.');
  });

  it('refuses a malformed catalogue name with 400 naming the field', async () => {
    const res = await call<ErrorBody>(api, 'GET', '/api/v1/catalogues/Risk_Questionnaire', { token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details?.map((d) => d.field)).toEqual(['name']);
  });

  it('answers 401 without a sign-in', async () => {
    expect((await call(api, 'GET', '/api/v1/catalogues')).status).toBe(401);
    expect((await call(api, 'GET', '/api/v1/catalogues/sexes')).status).toBe(401);
  });

  it('describes both routes and their answers in the OpenAPI document', async () => {
    const doc = await call<{
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    }>(api, 'GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths['/api/v1/catalogues']?.get?.responses ?? {})).toContain('200');
    expect(Object.keys(doc.body.paths['/api/v1/catalogues/{name}']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '404']),
    );
    expect(Object.keys(doc.body.components.schemas)).toEqual(
      expect.arrayContaining([
        'CatalogueSummaryDto',
        'CatalogueDto',
        'CatalogueItemDto',
        'CatalogueLevelDto',
      ]),
    );
  });
});
