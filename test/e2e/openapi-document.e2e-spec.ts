import { CASE_STATES } from '../../src/modules/cases/domain/workflow';
import { RISK_LEVELS } from '../../src/modules/cases/domain/risk';
import { REFERRAL_STATES } from '../../src/modules/referrals/domain/referral-workflow';
import type { OpenAPIObject } from '@nestjs/swagger';
import { startApi, testEnv, RunningApi } from '../support/app';
import { createTestDatabase, TestDatabase } from '../support/database';
import { answerChecker } from '../support/openapi-answers';

/**
 * The OpenAPI document the web application's typed client is generated from says exactly what the API
 * answers (docs/ARCHITECTURE.md, "The API document"). Every other e2e file checks its answers against
 * it (test/support/openapi-check.ts); this one checks the document's shared parts and the checker.
 */
describe('the OpenAPI document', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let doc: OpenAPIObject;
  type Op = {
    operationId?: string;
    security?: unknown[];
    parameters?: { name: string; in: string; schema?: { pattern?: string } }[];
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  };
  const ops = (): [string, string, Op][] =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Op>).map(([m, op]) => [path, m, op] as [string, string, Op]),
    );
  const schema = (name: string) => doc.components?.schemas?.[name] as { properties: Record<string, unknown> };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(testEnv(db.url));
    doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as OpenAPIObject;
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('names every operation with a unique camelCase operationId, never a class name', () => {
    const ids = ops().map(([, , op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['createCase', 'updateCaseFile', 'listCases', 'login']));
  });

  it('gives every error answer the ErrorBody schema, and 400 to every operation', () => {
    for (const [path, method, op] of ops()) {
      expect([path, method, op.responses['400']?.content]).toEqual([path, method, expect.anything()]);
      for (const [status, r] of Object.entries(op.responses))
        if (/^[45]/.test(status) && !(path === '/health/ready' && status === '503'))
          expect([path, method, status, r.content?.['application/json']?.schema]).toEqual([
            path,
            method,
            status,
            { $ref: '#/components/schemas/ErrorBody' },
          ]);
    }
  });

  it('says which routes are public and puts the bearer on /auth/password', () => {
    const find = (p: string, m: string) => ops().find(([path, method]) => path === p && method === m)![2];
    expect(find('/api/v1/auth/login', 'post').security).toEqual([]);
    expect(find('/health/live', 'get').security).toEqual([]);
    expect(find('/api/v1/auth/password', 'post').security).toEqual([{ bearer: [] }]);
    expect(find('/api/v1/auth/password', 'post').responses['401']).toBeDefined();
  });

  it('names Accept-Language everywhere and the Idempotency-Key pattern where it is honoured', () => {
    for (const [, , op] of ops()) {
      expect(op.parameters?.some((p) => p.name === 'Accept-Language' && p.in === 'header')).toBe(true);
      const key = op.parameters?.find((p) => p.name === 'Idempotency-Key');
      if (key) {
        expect(key.schema?.pattern).toBe('^[A-Za-z0-9_.:-]{8,128}$');
        expect(op.responses['422']).toBeDefined();
      }
    }
  });

  it('lists the fixed workflows’ values from the domain, and types strings and nulls as sent', () => {
    expect((doc.components?.schemas?.CaseStatus as { enum: string[] }).enum).toEqual([...CASE_STATES]);
    expect((doc.components?.schemas?.RiskLevel as { enum: string[] }).enum).toEqual([...RISK_LEVELS]);
    expect((doc.components?.schemas?.ReferralStatus as { enum: string[] }).enum).toEqual([
      ...REFERRAL_STATES,
    ]);
    expect(schema('ReferralHistoryDto').properties.reasonText).toMatchObject({
      type: 'string',
      nullable: true,
    });
    expect(schema('FollowUpSafeContactDto').properties.canCall).toMatchObject({
      type: 'boolean',
      nullable: true,
    });
    expect(schema('CaseFileDto').properties.riskLevel).toMatchObject({ type: 'string', nullable: true });
  });

  it('flags an undocumented status, a body unlike its schema and a body where none is documented', () => {
    const check = answerChecker(doc);
    const json = 'application/json; charset=utf-8';
    const error = JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: 'x', requestId: 'r' });
    expect(check('/api/v1/cases/:id', 'GET', 404, json, error)).toBeUndefined();
    expect(check('/api/v1/cases/:id', 'GET', 418, json, error)).toMatch(/418 is not documented/);
    expect(check('/api/v1/cases/:id', 'GET', 404, json, '{"code":"NOT_FOUND"}')).toMatch(/statusCode/);
    expect(check('/api/v1/auth/logout', 'POST', 204, json, '{"ok":true}')).toMatch(/document says none/);
  });

  it('documents what the health routes answer', async () => {
    const check = answerChecker(doc);
    for (const path of ['/health/live', '/health/ready']) {
      const res = await fetch(`${api.url}${path}`);
      expect(
        check(path, 'GET', res.status, res.headers.get('content-type') ?? '', await res.text()),
      ).toBeUndefined();
      expect(ops().find(([p]) => p === path)![2].responses['200']?.content).toBeDefined();
    }
  });
});
