import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IdempotencyService } from './idempotency.service';

/** The validated Idempotency-Key header of a creating request, or undefined when none was sent. */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const raw = req.headers['idempotency-key'];
    return IdempotencyService.validateKey(Array.isArray(raw) ? raw[0] : raw);
  },
);
