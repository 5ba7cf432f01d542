import multipart from '@fastify/multipart';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { DomainError } from './domain-error';
import { replyWithError } from './error-reply';

/**
 * Marks a route that reads a multipart/form-data body itself (`req.parts({ limits })`, with the route's
 * own limits: a document upload). Every other route answers a multipart body with 415
 * UNSUPPORTED_MEDIA_TYPE, as it did before the parser was registered. Not combined with @BodyLimit
 * (both set the route's config).
 */
export const MultipartForm = (): MethodDecorator => RouteConfig({ multipart: true });

/**
 * Registers @fastify/multipart for the routes marked @MultipartForm. The plugin parses nothing by
 * itself: the route streams the parts, and the limits it passes (file size, number of parts) cut the
 * stream. The defaults here are the strictest: one part of at most 1 KB.
 */
export async function registerMultipart(fastify: FastifyInstance): Promise<void> {
  await fastify.register(multipart, {
    limits: { fileSize: 1024, files: 1, fields: 1, parts: 1, fieldSize: 1024, headerPairs: 20 },
  });
  fastify.addHook('preValidation', async (req, reply) => {
    if (!req.isMultipart()) return;
    if ((req.routeOptions.config as { multipart?: unknown } | undefined)?.multipart === true) return;
    return replyWithError(req, reply, new DomainError('UNSUPPORTED_MEDIA_TYPE'));
  });
}
