import type { FastifyInstance } from 'fastify';
import { DomainError } from './domain-error';

/** No DTO of Haven nests deeper than a few levels; 32 leaves room and stops stack-exhausting bodies. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of arrays and objects in a JSON text, stopping as soon as `limit` is passed. One
 * linear pass over the raw string before JSON.parse, so that a body of 1 MB of brackets costs a
 * millisecond instead of overflowing the stack in class-transformer. Brackets inside strings are text.
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/**
 * Haven's JSON parser: Fastify's own (with its prototype-poisoning checks), preceded by the depth scan;
 * its errors become coded ones (MALFORMED_JSON, JSON_TOO_DEEP) instead of a bare 400.
 */
export function installJsonParser(fastify: FastifyInstance): void {
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (exceedsJsonDepth(body as string)) {
      done(new DomainError('JSON_TOO_DEEP', { max: MAX_JSON_DEPTH }), undefined);
      return;
    }
    void jsonParser(req, body as string, (err: Error | null, value?: unknown) => {
      if (err) done(new DomainError('MALFORMED_JSON'), undefined);
      else done(null, value);
    });
  });
}
