import { GUARDS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_PATTERN } from '../idempotency/idempotency.service';
import { ACCESS_DECISION, AccessDecision } from './access.decorators';

/**
 * The OpenAPI document is what the web application's typed client is generated from, so it must say
 * exactly what the API answers. Nest's decorators describe each route's success; this pass adds what
 * every route shares (docs/ARCHITECTURE.md, "The API document"): the one error body on every error
 * answer, who may call the route, the headers Haven reads, and a stable operation id.
 */

/** What the document needs to know about a route beyond Nest's decorators, by operation id. */
export interface RouteFacts {
  decision?: AccessDecision;
  /** Rate-limited (a throttler guard): may answer 429. */
  throttled?: boolean;
}

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  parameters?: Json[];
  responses: Record<string, Json>;
  security?: Record<string, string[]>[];
  requestBody?: Json;
}

export const ERROR_BODY_SCHEMA: Json = {
  type: 'object',
  description:
    'Every error answer: a stable code, a message in the language asked for (Accept-Language), the request id.',
  required: ['statusCode', 'code', 'message'],
  additionalProperties: false,
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', example: 'VALIDATION_FAILED' },
    message: { type: 'string' },
    details: { description: 'Which fields failed and why (VALIDATION_FAILED), or facts named by the code.' },
    requestId: { type: 'string' },
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_REQUEST or a code of the route: the request is wrong.',
  '401': 'UNAUTHENTICATED: no valid access token.',
  '403': 'FORBIDDEN or a code of the route: the access decision refused.',
  '404': 'NOT_FOUND: nothing with that id that the caller may see.',
  '409':
    'CONFLICT, VERSION_CONFLICT, IDEMPOTENCY_REQUEST_IN_PROGRESS or a code of the route: the state moved on.',
  '413': 'PAYLOAD_TOO_LARGE: the body is over the route’s limit.',
  '415': 'UNSUPPORTED_MEDIA_TYPE: bodies are application/json.',
  '422': 'IDEMPOTENCY_KEY_REUSED or a code of the route: the request cannot be carried out as sent.',
  '429': 'TOO_MANY_REQUESTS: wait (Retry-After) and try again.',
  '503': 'SERVICE_UNAVAILABLE: the database cannot be reached; retry (Retry-After).',
};

const BODY_METHODS = new Set(['post', 'put', 'patch']);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

export const ACCEPT_LANGUAGE_PARAMETER = {
  name: 'Accept-Language',
  in: 'header',
  required: false,
  description: 'vi (the default) or en: the language of messages and catalogue labels.',
  schema: { type: 'string', example: 'vi' },
};

/** Where the rule below would give a vague or clumsy name: `Controller.method` → operation id. */
const OPERATION_IDS: Record<string, string> = {
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
  'GeographyController.provinces': 'listProvinces',
  'GeographyController.communes': 'listCommunes',
  'AuthController.login': 'login',
  'AuthController.refresh': 'refreshSession',
  'AuthController.logout': 'logout',
  'AuthController.me': 'getMe',
  'UsersController.assignable': 'listAssignableUsers',
  'UsersController.resetPassword': 'resetUserPassword',
  'UsersController.resetMfa': 'resetUserMfa',
  'NotificationsController.markRead': 'markNotificationRead',
  'CaseFileController.approve': 'approveClosure',
  'CaseFileController.reject': 'rejectClosure',
  'CaseFileController.accessLog': 'getAccessLog',
  'CaseFileController.reassess': 'reassessRisk',
  'CaseFileController.addMeasure': 'addProtectionMeasure',
  'CaseFileController.listMeasures': 'listProtectionMeasures',
  'StaysNoticeController.communeNotice': 'getCommuneNotice',
  'CaseReferralsController.create': 'createReferral',
  'ProviderStaysController.occupancy': 'getProviderOccupancy',
  'ProviderStaysController.stays': 'listProviderStays',
  'CaseFollowUpsController.create': 'createFollowUp',
  'JobsAdminController.list': 'listFailedJobs',
  'JobsAdminController.retry': 'retryFailedJob',
  'StatisticsController.table': 'getStatisticsTable',
  'StatisticsController.indicatorPlans': 'listIndicatorPlans',
  'StatisticsController.indicatorReport': 'getIndicatorReport',
  'ReportsController.file': 'getReportFile',
};

/**
 * Operation ids, which name the typed client's calls: a method already named verb + object
 * (`addNote`, `changePassword`) keeps its name; a bare verb gets the controller's subject, singular for
 * one thing (`getCase`, `updateCaseFile`), plural for lists and searches (`listCases`).
 */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  const explicit = OPERATION_IDS[`${controllerKey}.${methodKey}`];
  if (explicit) return explicit;
  if (/[A-Z]/.test(methodKey)) return methodKey;
  const subject = controllerKey.replace(/Controller$/, '');
  const plural = subject.endsWith('s') ? subject : `${subject}s`;
  const singular = subject.replace(/ies$/, 'y').replace(/([^s])s$/, '$1');
  return methodKey + (methodKey === 'list' || methodKey === 'search' ? plural : singular);
}

/** Reads every controller's access decision and guards, keyed the way operationIdOf names them. */
export function routeFactsOf(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const metatype = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!metatype) continue;
      const onClass = Reflect.getMetadata(ACCESS_DECISION, metatype) as AccessDecision | undefined;
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, metatype) as unknown[] | undefined) ?? [];
      const proto = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const decision =
          (Reflect.getMetadata(ACCESS_DECISION, handler) as AccessDecision | undefined) ?? onClass;
        const guards = [
          ...classGuards,
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
        ];
        facts.set(operationIdOf(metatype.name, name), {
          decision,
          throttled: guards.some((g) => isThrottler(g)),
        });
      }
    }
  }
  return facts;
}

function isThrottler(guard: unknown): boolean {
  for (let c = guard as { name?: string } | null; c; c = Object.getPrototypeOf(c) as typeof c) {
    if (c.name === 'ThrottlerGuard') return true;
  }
  return false;
}

/**
 * Completes the document Nest built (pure: returns a new document). Throws when an operation has no id
 * or two share one, since the typed client names its calls by them.
 */
export function completeDocument(input: OpenAPIObject, facts: Map<string, RouteFacts>): OpenAPIObject {
  const doc = structuredClone(input) as OpenAPIObject & { components: Json & { schemas: Json } };
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components.schemas, ErrorBody: ERROR_BODY_SCHEMA },
  };
  refuseUntypedProperties(doc.components.schemas as Record<string, Json>);
  typeNullableReferences(doc.components.schemas, doc);
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const id = op.operationId;
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      if (seen.has(id)) throw new Error(`operationId ${id} is used twice`);
      seen.add(id);
      completeOperation(path, method, op, facts.get(id) ?? {});
    }
  }
  return doc;
}

function completeOperation(path: string, method: string, op: Operation, facts: RouteFacts): void {
  const decision = facts.decision;
  const isPublic = decision?.kind === 'public';
  op.security = isPublic ? [] : [{ bearer: [] }];

  const params = (op.parameters ??= []);
  const header = (name: string) =>
    params.find((p) => p.in === 'header' && String(p.name).toLowerCase() === name.toLowerCase());
  if (!header('Accept-Language')) params.push({ ...ACCEPT_LANGUAGE_PARAMETER });
  const idempotencyKey = header('Idempotency-Key');
  if (idempotencyKey) {
    idempotencyKey.description =
      'Makes a retry safe: the same key with the same body answers the first answer again. A key outside the pattern: 400 IDEMPOTENCY_KEY_INVALID; the same key with another body: 422 IDEMPOTENCY_KEY_REUSED; while the first request runs: 409 IDEMPOTENCY_REQUEST_IN_PROGRESS.';
    idempotencyKey.schema = {
      type: 'string',
      pattern: IDEMPOTENCY_KEY_PATTERN.source,
      minLength: 8,
      maxLength: 128,
    };
  }

  const statuses = new Set(['400']);
  // Signed in is not always enough: a role, a policy, or an account that must first enrol its second
  // factor or change its password is refused with 403.
  if (!isPublic) ['401', '403'].forEach((s) => statuses.add(s));
  if (path.includes('{') || decision?.kind === 'policy') statuses.add('404');
  if (BODY_METHODS.has(method) && op.requestBody) ['413', '415'].forEach((s) => statuses.add(s));
  // A change can meet a rule of the workflow (409: the state moved on; 422: not allowed as sent).
  if (idempotencyKey || (method !== 'get' && path.startsWith('/api/v1/')))
    ['409', '422'].forEach((s) => statuses.add(s));
  if (facts.throttled) statuses.add('429');
  if (path.startsWith('/api/v1/')) statuses.add('503');
  // Statuses the route's own decorators named (e.g. 409 on a version conflict) get the body too.
  for (const status of Object.keys(op.responses)) if (/^[45]\d\d$/.test(status)) statuses.add(status);

  for (const status of statuses) {
    const existing = op.responses[status];
    // A route that documents its own error body (the readiness probe's 503) keeps it.
    if (existing?.content) continue;
    op.responses[status] = {
      description: existing?.description || (ERROR_DESCRIPTIONS[status] ?? 'Error'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
    };
  }
}

/**
 * A nullable property whose schema is a reference (`allOf: [$ref]`) gets the referenced enum's values, or
 * the referenced object's `type`, beside `nullable`: OpenAPI 3.0 ignores `nullable` without a `type`, so
 * validators and generated types would otherwise refuse the null the API sends.
 */
function typeNullableReferences(node: unknown, doc: OpenAPIObject): void {
  if (Array.isArray(node)) {
    for (const n of node) typeNullableReferences(n, doc);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  const allOf = schema.allOf as Json[] | undefined;
  const ref = allOf?.length === 1 ? allOf[0]?.$ref : undefined;
  if (schema.nullable === true && !schema.type && typeof ref === 'string') {
    const target = (doc.components?.schemas as Record<string, Json> | undefined)?.[
      ref.split('/').pop() ?? ''
    ];
    if (target?.enum) {
      // A nullable enum: its values in place, so the client's type is `'low' | … | null`.
      delete schema.allOf;
      Object.assign(schema, { type: target.type, enum: target.enum });
    } else if (target?.type) schema.type = target.type;
  } else if (typeof ref === 'string' && Object.keys(schema).length === 1) {
    // `allOf` of one reference and nothing else is the reference itself.
    delete schema.allOf;
    schema.$ref = ref;
  }
  const branches = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (schema.nullable === true && !schema.type && branches?.every((b) => typeof b.type === 'string')) {
    // One of several types, or null: the first branch says it may be null (OpenAPI 3.0 wants a `type`
    // beside `nullable`); anyOf, since a value of the other types fits only its own branch.
    delete schema.oneOf;
    delete schema.nullable;
    schema.anyOf = branches.map((b, i) => (i === 0 ? { ...b, nullable: true } : b));
  }
  for (const value of Object.values(schema)) typeNullableReferences(value, doc);
}

/**
 * A property TypeScript reflected as `Object` (a `string | null` without `type` in its @ApiProperty) is
 * an empty object in the document, which a typed client cannot send a string to: refused at start-up.
 */
function refuseUntypedProperties(schemas: Record<string, Json>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    for (const [prop, p] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      const free = p.type === 'object' && !p.properties && !p.additionalProperties && !p.allOf;
      if (free) throw new Error(`${name}.${prop} is an empty object in the OpenAPI document: name its type`);
    }
  }
}
