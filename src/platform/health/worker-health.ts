import { metricsAccess, MetricsAccess } from '../metrics/metrics-access';
import { createServer, Server } from 'node:http';
import { HttpException, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Scheduler } from '../queue/scheduler';
import { DependencyIndicators } from './health.indicators';

/**
 * The worker's readiness: both PostgreSQL and Redis must answer, or it has nothing useful to do; and
 * a worker that runs the schedulers is not ready while Redis lacks one of them (`details.schedulers`).
 */
@Injectable()
export class WorkerHealth {
  constructor(
    private readonly health: HealthCheckService,
    private readonly deps: DependencyIndicators,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async ready(): Promise<{ statusCode: number; body: unknown }> {
    const scheduler = this.scheduler();
    try {
      const body = await this.health.check([
        () => this.deps.database(),
        () => this.deps.redisIndicator(),
        ...(scheduler ? [() => this.schedulers(scheduler)] : []),
      ]);
      return { statusCode: 200, body };
    } catch (e) {
      if (e instanceof HttpException) return { statusCode: e.getStatus(), body: e.getResponse() };
      throw e;
    }
  }

  private async schedulers(scheduler: Scheduler) {
    const session = this.indicators.check('schedulers');
    try {
      const missing = await scheduler.missing();
      return missing.length
        ? session.down({ message: 'job schedulers missing; the worker reinstalls them', missing })
        : session.up();
    } catch {
      return session.down({ message: 'job schedulers could not be read' });
    }
  }

  /** Only workers that run the relay run the schedulers. */
  private scheduler(): Scheduler | undefined {
    try {
      return this.moduleRef.get(Scheduler, { strict: false });
    } catch {
      return undefined;
    }
  }
}

/**
 * The worker's only HTTP: GET /health/live and /health/ready on its own port, for the orchestrator, and
 * GET /metrics (Prometheus text) when given the worker's metrics, to the addresses or token of
 * METRICS_ALLOWED_ADDRESSES / METRICS_TOKEN (the same rule as the API's).
 * A bare node:http server, so no API route of the modules is ever served by a worker.
 */
export function startWorkerHealthServer(
  health: WorkerHealth,
  port: number,
  host: string,
  metrics?: { text(): Promise<string> },
  metricsAllowed: MetricsAccess = metricsAccess({}),
): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (statusCode: number, body: unknown) => {
      res.writeHead(statusCode, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') {
      send(405, { statusCode: 405, code: 'METHOD_NOT_ALLOWED' });
      return;
    }
    if (req.url === '/health/live') {
      send(200, { status: 'ok' });
      return;
    }
    if (req.url === '/health/ready') {
      health.ready().then(
        (r) => {
          send(r.statusCode, r.body);
        },
        () => {
          send(503, { status: 'error' });
        },
      );
      return;
    }
    if (req.url === '/metrics' && metrics) {
      if (!metricsAllowed(req.socket.remoteAddress, req.headers.authorization)) {
        send(403, { statusCode: 403, code: 'FORBIDDEN' });
        return;
      }
      metrics.text().then(
        (text) => {
          res.writeHead(200, {
            'content-type': 'text/plain; version=0.0.4; charset=utf-8',
            'cache-control': 'no-store',
          });
          res.end(text);
        },
        () => {
          send(500, { statusCode: 500, code: 'INTERNAL_ERROR' });
        },
      );
      return;
    }
    send(404, { statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      // Name the setting: the error alone says only "EADDRINUSE".
      reject(
        err.code === 'EADDRINUSE' || err.code === 'EACCES'
          ? new Error(
              `WORKER_HEALTH_PORT ${port} cannot be used (${err.code}): set WORKER_HEALTH_PORT to a free port`,
            )
          : err,
      );
    });
    server.listen(port, host, () => {
      resolve(server);
    });
  });
}
