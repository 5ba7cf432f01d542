import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { pickLanguage } from '../i18n/i18n';
import { PINO } from '../logging/logging.module';
import { toErrorBody } from './error-body';

/** The one exception filter: every error leaves as { statusCode, code, message, details? }. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(PINO) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = toErrorBody(exception, pickLanguage(req.headers['accept-language']));
    if (body.statusCode >= 500) {
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
