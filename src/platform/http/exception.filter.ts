import { ArgumentsHost, Catch, ExceptionFilter, Inject, OnModuleDestroy } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DatabaseProbeRepository } from '../database/database-probe.repository';
import { pickLanguage } from '../i18n/i18n';
import { PINO } from '../logging/logging.module';
import { DatabaseOutageWatch, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './database-outage';
import { DomainError } from './domain-error';
import { toErrorBody } from './error-body';

/** The one exception filter: every error leaves as { statusCode, code, message, details? }. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter, OnModuleDestroy {
  private readonly outage: DatabaseOutageWatch;

  constructor(
    @Inject(PINO) private readonly logger: Logger,
    database: DatabaseProbeRepository,
  ) {
    this.outage = new DatabaseOutageWatch(logger, () => database.ping());
  }

  onModuleDestroy(): void {
    this.outage.stop();
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const lang = pickLanguage(req.headers['accept-language']);
    // A database outage is not a fault of the request: 503 with a time to retry, logged once per outage.
    const unavailable = isDatabaseUnavailable(exception);
    const body = toErrorBody(unavailable ? new DomainError('SERVICE_UNAVAILABLE') : exception, lang);
    if (unavailable) {
      this.outage.report(exception);
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (body.statusCode === 429 && exception instanceof DomainError) {
      // A per-user limit says when its window ends (e.g. CASE_DUPLICATE_CHECK_LIMIT's retryAfter).
      const after = exception.params.retryAfter;
      if (typeof after === 'number') void reply.header('retry-after', String(after));
    } else if (body.statusCode === 503) {
      // A service that is busy for a moment (e.g. DOCUMENT_TRANSFERS_BUSY) says when to come back, too.
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: req.id, route: req.routeOptions.url ?? 'unmatched', method: req.method },
        'request failed',
      );
    }
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ ...body, requestId: req.id });
  }
}
