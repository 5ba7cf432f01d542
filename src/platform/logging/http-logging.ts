import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';

/** What Haven's Fastify hooks leave on the raw request for the request log line. */
export interface LoggedRequest extends IncomingMessage {
  /** The route template (/api/v1/cases/:id), never the URL: a URL may hold a query with values. */
  havenRoute?: string;
}

/**
 * nestjs-pino's parameters for the API: pino-http on Haven's own pino instance (so redactDeep, the
 * censored header paths and the error description apply to every line), one line per request with
 * requestId, method, route template, statusCode and ms, and nothing else of the request: no URL, no
 * query string, no header, no body.
 */
export function httpLoggingParams(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      // pino-http takes req.id when set: Fastify's id (a UUID, the client's own only if it is one), put on
      // the raw request by createApiApp's genReqId. This is for a request that came some other way.
      genReqId: () => randomUUID(),
      customAttributeKeys: { reqId: 'requestId' },
      quietReqLogger: true,
      quietResLogger: true,
      customLogLevel: () => 'info',
      customSuccessMessage: () => 'request',
      customErrorMessage: () => 'request',
      customSuccessObject: (req: IncomingMessage, res: ServerResponse, val: { responseTime?: number }) =>
        requestLine(req, res, val),
      customErrorObject: (
        req: IncomingMessage,
        res: ServerResponse,
        _err: Error,
        val: { responseTime?: number },
      ) => requestLine(req, res, val),
    },
  };
}

function requestLine(
  req: IncomingMessage,
  res: ServerResponse,
  val: { responseTime?: number },
): Record<string, unknown> {
  return {
    method: req.method,
    route: (req as LoggedRequest).havenRoute ?? 'unmatched',
    statusCode: res.statusCode,
    ms: val.responseTime,
  };
}
