import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { OutboxService } from '../outbox/outbox.service';
import { registerOutboxGauges } from './outbox-gauges';

/**
 * Prometheus metrics of one process. Labels are route templates, methods, status codes and queue names:
 * never a raw URL, never anything a person typed.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(outbox: OutboxService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'haven_' });
    this.httpRequests = new Counter({
      name: 'haven_http_requests_total',
      help: 'HTTP requests by route template, method and status code',
      labelNames: ['method', 'route', 'status_code'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'haven_http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    registerOutboxGauges(this.registry, outbox);
  }

  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }
}
