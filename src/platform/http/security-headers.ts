import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Env } from '../config/env.schema';

/** No feature of the browser is needed by Haven's pages: none may be used, by the page or a frame. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'interest-cohort=()',
].join(', ');

/**
 * Browser headers on every answer (API, errors, health, metrics, the documentation) through
 * @fastify/helmet: a strict Content-Security-Policy (scripts only from Haven itself, never inline nor
 * eval; inline styles allowed for the component kit and Swagger UI's page), no framing, no referrer, HSTS
 * in production. Helmet has no Permissions-Policy: it is the one header set by hand (see createApiApp).
 */
export async function registerSecurityHeaders(fastify: FastifyInstance, env: Env): Promise<void> {
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only where Haven is served over TLS (production); a developer's http://localhost would be pinned.
    strictTransportSecurity:
      env.NODE_ENV === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}
