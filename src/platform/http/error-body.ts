import { HttpException, HttpStatus } from '@nestjs/common';
import { Language, translate } from '../i18n/i18n';
import { DomainError, statusOfCode } from './domain-error';
import { localiseProblems } from './validation';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'TOO_MANY_REQUESTS',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

/** Fastify's own error codes (body parsing, limits) mapped to ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'MALFORMED_REQUEST',
};

/**
 * Turns anything thrown into the one error shape of docs/DESIGN.md §9. The message is taken from
 * config/i18n by code, never from the thrown error, so nothing a caller sent is echoed back.
 */
export function toErrorBody(exception: unknown, lang: Language): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = statusOfCode(exception.code) ?? 500;
    const code = statusOfCode(exception.code) === undefined ? 'INTERNAL_ERROR' : exception.code;
    return withDetails(
      { statusCode, code, message: translate(code, lang, exception.params) },
      statusOfCode(exception.code) === undefined
        ? undefined
        : code === 'VALIDATION_FAILED'
          ? localiseProblems(exception.details, lang)
          : exception.details,
    );
  }
  const fastifyCode = (exception as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    const code = FASTIFY_CODES[fastifyCode];
    return { statusCode: statusOfCode(code) ?? 400, code, message: translate(code, lang) };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const code = CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    const finalCode = statusCode === 404 && isRouteNotFound(exception) ? 'ROUTE_NOT_FOUND' : code;
    return { statusCode, code: finalCode, message: translate(finalCode, lang) };
  }
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = CODE_BY_STATUS[statusCode] ?? 'VALIDATION_FAILED';
    return { statusCode, code, message: translate(code, lang) };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: translate('INTERNAL_ERROR', lang) };
}

function isRouteNotFound(e: HttpException): boolean {
  const r = e.getResponse();
  const message = typeof r === 'object' ? (r as { message?: unknown }).message : r;
  return typeof message === 'string' && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message);
}

function withDetails(body: ErrorBody, details: unknown): ErrorBody {
  return details === undefined ? body : { ...body, details };
}
