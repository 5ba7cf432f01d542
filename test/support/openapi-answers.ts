import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Every answer an e2e test receives is checked against the OpenAPI document (route template, method,
 * status, JSON body), so the document the web application's typed client is generated from cannot drift
 * from what the API sends. A mismatch is recorded here; test/support/openapi-check.ts fails the test file
 * naming the operation, the status and the ajv error path. An undocumented status is a mismatch.
 */

export interface AnswerMismatch {
  operation: string;
  status: number;
  problem: string;
}

const mismatches: AnswerMismatch[] = [];

/** The mismatches recorded since the last call, then forgotten. */
export function takeAnswerMismatches(): AnswerMismatch[] {
  return mismatches.splice(0);
}

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

/** A checker of answers against one document: returns the problem, or undefined when the answer fits. */
export function answerChecker(
  doc: OpenAPIObject,
): (route: string, method: string, status: number, contentType: string, body: string) => string | undefined {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  // References point into the document's components; one schema holds them all.
  const rewrite = <T>(v: T): T =>
    nullAsAlternative(
      JSON.parse(JSON.stringify(v).replaceAll('"#/components/', '"openapi#/components/')) as unknown,
    ) as T;
  ajv.addSchema({ $id: 'openapi', components: rewrite(doc.components ?? {}) });
  const compiled = new Map<string, ValidateFunction>();

  return (route, method, status, contentType, body) => {
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op = (doc.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
    if (!op) return undefined; // not an operation of the document (test-only routes, the docs, the web app)
    const response =
      op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`] ?? op.responses?.default;
    if (!response) return `status ${status} is not documented`;
    const json = contentType.includes('json');
    const documented = response.content?.['application/json']?.schema;
    if (!response.content || Object.keys(response.content).length === 0) {
      return body.length > 0 ? 'a body is sent where the document says none' : undefined;
    }
    if (!json || !documented) return undefined; // files (PDF, CSV) and other media are not JSON-checked
    const key = `${method} ${path} ${status}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(rewrite(documented));
      compiled.set(key, validate);
    }
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return 'the body is not JSON';
    }
    if (validate(value)) return undefined;
    // The "or null" alternative's complaint says nothing: name the others.
    const errors = (validate.errors ?? []).filter((e) => !/anyOf\/0\/type$/.test(e.schemaPath));
    return errors
      .slice(0, 3)
      .map((e) => `body${e.instancePath} ${e.message ?? 'does not match'} (${e.schemaPath})`)
      .join('; ');
  };
}

/**
 * OpenAPI 3.0's `nullable: true` read as "null, or the rest of the schema" (as openapi-typescript reads
 * it: `X | null`), also where the rest is a reference or a composition, which ajv would otherwise apply
 * to the null too.
 */
function nullAsAlternative(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullAsAlternative);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = nullAsAlternative(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  return { anyOf: [{ type: 'null' }, out] };
}

/** Registers the check on the application's Fastify instance (before it listens). */
export function recordAnswers(fastify: FastifyInstance, doc: OpenAPIObject, ignore: Set<string>): void {
  const check = answerChecker(doc);
  fastify.addHook('onSend', async (req, reply, payload) => {
    const route = req.routeOptions.url;
    if (!route) return payload;
    const body =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (body === undefined && payload !== null && payload !== undefined) return payload; // a stream
    const contentType = String(reply.getHeader('content-type') ?? '');
    const op = (
      doc.paths[route.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] as Record<string, Operation> | undefined
    )?.[req.method.toLowerCase()];
    if (op?.operationId && ignore.has(op.operationId)) return payload;
    const problem = check(route, req.method, reply.statusCode, contentType, body ?? '');
    if (problem) {
      mismatches.push({
        operation: `${op?.operationId ?? '?'} (${req.method} ${route})`,
        status: reply.statusCode,
        problem,
      });
    }
    return payload;
  });
}
