import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLanguage } from '../i18n/i18n';
import { toErrorBody } from './error-body';

/**
 * Answers a request with Haven's coded error body (in the caller's language, with the request id) from
 * places outside Nest's exception filter: Fastify's router errors, hooks that refuse a request.
 */
export function replyWithError(req: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const body = toErrorBody(error, pickLanguage(req.headers['accept-language']));
  return reply
    .code(body.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .header('x-request-id', req.id)
    .send({ ...body, requestId: req.id });
}
