import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DynamicModule, RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { apiDocsEnabled, Env, trustProxy } from '../config/env.schema';
import { metricsAccess } from '../metrics/metrics-access';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { LoggedRequest } from '../logging/http-logging';
import { MetricsService } from '../metrics/metrics.service';
import { CatalogueService } from '../catalogues/catalogue.service';
import { applyBodyLimit, DEFAULT_BODY_LIMIT } from './body-limit';
import { clientErrorHandler, requestIdOf } from './client-error';
import { DomainError } from './domain-error';
import { replyWithError } from './error-reply';
import { installJsonParser } from './json-body';
import { registerMultipart } from './multipart';
import { completeDocument, operationIdOf, routeFactsOf } from './openapi-document';
import { PERMISSIONS_POLICY, registerSecurityHeaders } from './security-headers';
import { createValidationPipe } from './validation';
import { registerWebApp } from './web-app';

export const API_PREFIX = 'api/v1';

const registeredRoutes = new WeakMap<NestFastifyApplication, string[]>();
const documents = new WeakMap<NestFastifyApplication, OpenAPIObject>();

/** The OpenAPI document the application serves (undefined when it serves none): the e2e answer check. */
export function apiDocumentOf(app: NestFastifyApplication): OpenAPIObject | undefined {
  return documents.get(app);
}

/** Every route the application registered, as "METHOD /path" (HEAD routes left out): for the matrix test. */
export function routesOf(app: NestFastifyApplication): string[] {
  return [...new Set(registeredRoutes.get(app) ?? [])].sort();
}

/**
 * Builds the HTTP application (Fastify) around the root module it is given (AppModule.forRoot(…)),
 * exactly as main.ts serves it; the tests use the same function. Platform imports no root module.
 */
export async function createApiApp(root: Type | DynamicModule, env: Env): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: trustProxy(env),
    requestIdHeader: false,
    // Left on the raw request too, where nestjs-pino's request log line reads it.
    genReqId: (req: IncomingMessage) =>
      ((req as IncomingMessage & { id?: string }).id = requestIdOf(req.headers['x-request-id'])),
    clientErrorHandler,
    // Errors of Fastify's router (a broken percent-encoding in the address): Haven's coded body too.
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => {
      void replyWithError(req, reply, error);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    // Nest's messages wait for nestjs-pino's Logger (LoggingModule), on Haven's pino instance.
    bufferLogs: true,
    // Haven registers its own JSON parser below, so that malformed JSON gets a coded error.
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  const routes: string[] = [];
  registeredRoutes.set(app, routes);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (r) => {
      applyBodyLimit(r);
      for (const m of Array.isArray(r.method) ? r.method : [r.method])
        if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
    });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe(app.get(CatalogueService)));

  const fastify = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(fastify, env);
  const metrics = app.get(MetricsService);
  const metricsAllowed = metricsAccess(env);
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    (req.raw as LoggedRequest).havenRoute = req.routeOptions.url;
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    // API answers are never cached by browsers or proxies: they may carry personal data.
    if (req.url.startsWith(`/${API_PREFIX}`)) void reply.header('cache-control', 'no-store');
    const path = req.url.split('?')[0];
    if (path === '/metrics' && !metricsAllowed(req.socket.remoteAddress, req.headers.authorization)) {
      return replyWithError(req, reply.header('cache-control', 'no-store'), new DomainError('FORBIDDEN'));
    }
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeHttp(req.method, route, reply.statusCode, seconds);
  });
  installJsonParser(fastify);
  await registerMultipart(fastify);
  await registerWebApp(fastify, env);

  if (!apiDocsEnabled(env)) return app;
  const document = buildApiDocument(app);
  documents.set(app, document);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
  return app;
}

/**
 * The OpenAPI document of the application: what Nest's decorators describe, then completed by one pass
 * (openapi-document.ts) with the error answers, access, headers and operation ids every route shares.
 */
export function buildApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Haven API')
      .setDescription(
        'Quản lý ca hỗ trợ người bị bạo lực trên cơ sở giới — Hà Nội. Case management for the GBV support services of Hanoi.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { operationIdFactory: operationIdOf },
  );
  return completeDocument(document, routeFactsOf(app));
}
