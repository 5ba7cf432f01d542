import { Gauge, Registry } from 'prom-client';
import type { OutboxBacklog } from '../outbox/outbox.service';
import { OutboxService } from '../outbox/outbox.service';

/**
 * The outbox and dead-letter gauges, read from PostgreSQL at each scrape, for the API's and the worker's
 * registries alike. prom-client collects the gauges of a scrape concurrently: they share one query.
 */
export function registerOutboxGauges(registry: Registry, outbox: OutboxService): void {
  let inFlight: Promise<OutboxBacklog | undefined> | undefined;
  const backlog = (): Promise<OutboxBacklog | undefined> => {
    inFlight ??= outbox
      .backlog()
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const gauge = (name: string, help: string, value: (b: OutboxBacklog) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const b = await backlog();
        if (b) this.set(value(b));
      },
    });
  };
  gauge(
    'haven_outbox_pending_events',
    'Outbox events written but not yet handed to the queues',
    (b) => b.pending,
  );
  gauge(
    'haven_outbox_oldest_pending_seconds',
    'Age of the oldest outbox event not yet handed to the queues',
    (b) => b.oldestPendingSeconds,
  );
  gauge(
    'haven_dead_letters_open',
    'Jobs that exhausted their attempts and wait for an admin',
    (b) => b.deadLetters,
  );
}
