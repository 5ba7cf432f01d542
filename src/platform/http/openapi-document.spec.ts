import type { OpenAPIObject } from '@nestjs/swagger';
import { completeDocument, operationIdOf, RouteFacts } from './openapi-document';

function doc(paths: OpenAPIObject['paths'], schemas: Record<string, unknown> = {}): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths,
    components: { schemas },
  } as OpenAPIObject;
}

interface Op {
  operationId?: string;
  security?: unknown;
  parameters: { name: string; in: string; schema?: unknown }[];
  responses: Record<string, { description?: string; content?: unknown }>;
}
const opsOf = (item: unknown) => item as Record<string, Op>;

const ERROR = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

describe('operationIdOf', () => {
  it('gives a bare verb the subject of its controller, singular for one thing and plural for lists', () => {
    expect(operationIdOf('CaseFileController', 'update')).toBe('updateCaseFile');
    expect(operationIdOf('CasesController', 'create')).toBe('createCase');
    expect(operationIdOf('CasesController', 'get')).toBe('getCase');
    expect(operationIdOf('CasesController', 'list')).toBe('listCases');
    expect(operationIdOf('ActivitiesController', 'get')).toBe('getActivity');
    expect(operationIdOf('CatalogueController', 'list')).toBe('listCatalogues');
  });

  it('keeps a method already named verb and object, and uses the explicit names', () => {
    expect(operationIdOf('CaseFileController', 'addNote')).toBe('addNote');
    expect(operationIdOf('AuthController', 'me')).toBe('getMe');
    expect(operationIdOf('HealthController', 'ready')).toBe('getReadiness');
  });
});

describe('completeDocument', () => {
  const facts = new Map<string, RouteFacts>([
    ['login', { decision: { kind: 'public', why: 'sign-in' }, throttled: true }],
    ['getCase', { decision: { kind: 'policy', action: 'case.read' } }],
    ['changePassword', { decision: { kind: 'authenticated' } }],
    ['createCase', { decision: { kind: 'roles', roles: ['hotline_operator'] } }],
  ]);
  const input = doc({
    '/api/v1/auth/login': {
      post: {
        operationId: 'login',
        requestBody: { content: {} },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/api/v1/auth/password': {
      post: {
        operationId: 'changePassword',
        requestBody: { content: {} },
        responses: { '204': { description: 'ok' } },
      },
    },
    '/api/v1/cases/{id}': { get: { operationId: 'getCase', responses: { '200': { description: 'ok' } } } },
    '/api/v1/cases': {
      post: {
        operationId: 'createCase',
        requestBody: { content: {} },
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false }],
        responses: { '201': { description: 'ok' }, '409': { description: 'the case moved on' } },
      },
    },
  });
  const out = completeDocument(input, facts);
  const op = (path: string, method: string) => opsOf(out.paths[path])[method] as Op;

  it('leaves its input untouched', () => {
    expect(input.components?.schemas?.ErrorBody).toBeUndefined();
    expect(opsOf(input.paths['/api/v1/cases/{id}']).get?.security).toBeUndefined();
  });

  it('gives every error answer the one ErrorBody schema, keeping a route’s own description', () => {
    expect(out.components?.schemas?.ErrorBody).toMatchObject({ required: ['statusCode', 'code', 'message'] });
    for (const [, item] of Object.entries(out.paths))
      for (const [, o] of Object.entries(opsOf(item)))
        for (const [status, r] of Object.entries(o.responses))
          if (/^[45]/.test(status)) expect(r.content).toEqual(ERROR);
    expect(op('/api/v1/cases', 'post').responses['409']?.description).toBe('the case moved on');
  });

  it('marks public routes `security: []` and the others with the bearer, /auth/password included', () => {
    expect(op('/api/v1/auth/login', 'post').security).toEqual([]);
    expect(op('/api/v1/auth/password', 'post').security).toEqual([{ bearer: [] }]);
    expect(op('/api/v1/cases/{id}', 'get').security).toEqual([{ bearer: [] }]);
  });

  it('documents the errors each access decision and route can give', () => {
    const statuses = (p: string, m: string) => Object.keys(op(p, m).responses).sort();
    expect(statuses('/api/v1/auth/login', 'post')).toEqual([
      '200',
      '400',
      '409',
      '413',
      '415',
      '422',
      '429',
      '503',
    ]);
    expect(statuses('/api/v1/auth/password', 'post')).toEqual(
      ['204', '400', '401', '403', '409', '413', '415', '422', '503'].sort(),
    );
    expect(statuses('/api/v1/cases/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '503']);
  });

  it('puts Accept-Language on every operation and the Idempotency-Key pattern where it is honoured', () => {
    for (const [p, m] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/cases/{id}', 'get'],
      ['/api/v1/cases', 'post'],
    ] as const)
      expect(op(p, m).parameters).toContainEqual(
        expect.objectContaining({ name: 'Accept-Language', in: 'header' }),
      );
    const key = op('/api/v1/cases', 'post').parameters.find((p) => p.name === 'Idempotency-Key');
    expect(key?.schema).toEqual({
      type: 'string',
      pattern: '^[A-Za-z0-9_.:-]{8,128}$',
      minLength: 8,
      maxLength: 128,
    });
    expect(op('/api/v1/cases', 'post').responses['422']?.content).toEqual(ERROR);
  });

  it('refuses an operation without an id, and two operations with the same id', () => {
    expect(() => completeDocument(doc({ '/a': { get: { responses: {} } } }), facts)).toThrow(
      /no operationId/,
    );
    expect(() =>
      completeDocument(
        doc({
          '/a': { get: { operationId: 'x', responses: {} } },
          '/b': { get: { operationId: 'x', responses: {} } },
        }),
        facts,
      ),
    ).toThrow(/used twice/);
  });

  it('refuses a property reflected as an empty object (a `string | null` without its type)', () => {
    const untyped = doc(
      {},
      { O: { type: 'object', properties: { communeCode: { type: 'object', nullable: true } } } },
    );
    expect(() => completeDocument(untyped, facts)).toThrow(/O.communeCode is an empty object/);
  });

  it('types a nullable reference and lets a nullable union say null on each branch', () => {
    const out2 = completeDocument(
      doc(
        {},
        {
          Level: { type: 'string', enum: ['low', 'high'] },
          A: {
            type: 'object',
            properties: {
              level: { nullable: true, allOf: [{ $ref: '#/components/schemas/Level' }] },
              plain: { allOf: [{ $ref: '#/components/schemas/Level' }] },
              n: { nullable: true, oneOf: [{ type: 'number' }, { type: 'string' }] },
            },
          },
        },
      ),
      facts,
    );
    const props = (out2.components?.schemas?.A as { properties: Record<string, unknown> }).properties;
    expect(props.level).toEqual({ nullable: true, type: 'string', enum: ['low', 'high'] });
    expect(props.plain).toEqual({ $ref: '#/components/schemas/Level' });
    expect(props.n).toEqual({ anyOf: [{ type: 'number', nullable: true }, { type: 'string' }] });
  });
});
