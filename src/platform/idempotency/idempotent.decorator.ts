import {
  applyDecorators,
  CallHandler,
  createParamDecorator,
  ExecutionContext,
  HttpCode,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyService, IdempotentRequest } from './idempotency.service';

/** The success status of an idempotent command: fixed, or read off its answer (e.g. 202 when pending). */
export type AnswerStatus = number | ((body: never) => number);

const STATUS = Symbol('haven:idempotent-status');

/** What a command's use case receives: who, which route, the key (if any) and the body it was sent. */
export type IdempotentCommand = IdempotentRequest;

/**
 * Marks a creating or moving route as an idempotent command (docs/DESIGN.md §9): publishes the
 * Idempotency-Key header, and answers with `status` (a number, or a function of the answer's body, so
 * a replay answers exactly as the first request did). The use case receives the command through
 * `@IdempotentCommandOf()` and runs `IdempotencyService.command` inside its own transaction.
 */
export function Idempotent(status: AnswerStatus): MethodDecorator {
  const decorators: MethodDecorator[] = [
    SetMetadata(STATUS, status),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A key the client chooses for this command; a retry with the same key and body replays the first answer ' +
        `(24 hours; pattern ${IDEMPOTENCY_KEY_PATTERN.source}).`,
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
    }),
  ];
  if (typeof status === 'number') decorators.push(HttpCode(status));
  else decorators.push(UseInterceptors(AnswerStatusInterceptor));
  return applyDecorators(...decorators);
}

function statusOf(ctx: ExecutionContext): AnswerStatus {
  const status = Reflect.getMetadata(STATUS, ctx.getHandler()) as AnswerStatus | undefined;
  if (status === undefined) throw new Error('@IdempotentCommandOf() needs @Idempotent(status) on its route');
  return status;
}

/** Sets the answer's status from its body, for @Idempotent routes whose status depends on the outcome. */
@Injectable()
export class AnswerStatusInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const status = statusOf(ctx) as (body: unknown) => number;
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        void reply.status(status(body));
        return body;
      }),
    );
  }
}

/**
 * The command of an @Idempotent route: the signed-in user's id as the key's scope, the method and path
 * (ids filled in, no query string) as its route, the validated Idempotency-Key header (undefined when
 * none was sent; 400 IDEMPOTENCY_KEY_INVALID when malformed) and the body.
 */
export const IdempotentCommandOf = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotentCommand => {
    const status = statusOf(ctx);
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: { id: string } }>();
    if (!req.user) throw new Error('@IdempotentCommandOf() used on a route without sign-in');
    const raw = req.headers['idempotency-key'];
    const path = req.url.split('?')[0] ?? req.url;
    return {
      scope: req.user.id,
      route: `${req.method} ${path}`,
      key: IdempotencyService.validateKey(Array.isArray(raw) ? raw[0] : raw),
      body: req.body,
      status,
    };
  },
);
