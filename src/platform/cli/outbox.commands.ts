import { Command, CommandRunner, Option } from 'nest-commander';
import { DeadLetterService } from '../queue/dead-letter.service';
import { OutboxMaintenance } from '../outbox/outbox-maintenance';
import { OutboxService } from '../outbox/outbox.service';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

@Command({ name: 'outbox:status', description: 'Outbox backlog and open dead letters' })
export class OutboxStatusCommand extends CommandRunner {
  constructor(private readonly outbox: OutboxService) {
    super();
  }

  async run(): Promise<void> {
    const b = await this.outbox.backlog();
    out(`pending events: ${b.pending}`);
    out(`oldest pending: ${Math.round(b.oldestPendingSeconds)} s`);
    out(`open dead letters: ${b.deadLetters}`);
  }
}

@Command({
  name: 'outbox:probe',
  description: 'Writes a probe event and waits until a worker has handled it (exit 0), or times out (exit 1)',
})
export class OutboxProbeCommand extends CommandRunner {
  constructor(private readonly maintenance: OutboxMaintenance) {
    super();
  }

  async run(_: string[], options: { timeout?: number }): Promise<void> {
    const timeoutMs = (options.timeout ?? 30) * 1000;
    const started = Date.now();
    const probeId = await this.maintenance.writeProbe();
    out(`probe ${probeId} written`);
    while (Date.now() - started < timeoutMs) {
      const state = await this.maintenance.probeState(probeId);
      if (state?.handledAt) {
        out(`handled by the worker after ${Date.now() - started} ms`);
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    out(`not handled within ${timeoutMs / 1000} s: is a worker running, and is Redis up?`);
    process.exitCode = 1;
  }

  @Option({ flags: '-t, --timeout <seconds>', description: 'how long to wait (default 30)' })
  parseTimeout(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error('--timeout must be a positive number of seconds');
    return n;
  }
}

@Command({
  name: 'dead-letters:list',
  description: 'Jobs that exhausted their attempts (open ones; --all for every one)',
})
export class DeadLettersListCommand extends CommandRunner {
  constructor(private readonly deadLetters: DeadLetterService) {
    super();
  }

  async run(_: string[], options: { all?: boolean }): Promise<void> {
    const list = await this.deadLetters.list({ open: !options.all, limit: 200 });
    if (list.length === 0) {
      out('no dead letters');
      return;
    }
    for (const d of list) {
      out(
        [
          d.id,
          d.queue,
          d.jobName,
          d.jobId,
          d.failedAt.toISOString(),
          `attempts=${d.attempts}`,
          d.retriedAt ? `retried=${d.retriedAt.toISOString()}` : 'open',
          d.error,
        ].join('\t'),
      );
    }
  }

  @Option({ flags: '--all', description: 'include dead letters already retried' })
  parseAll(): boolean {
    return true;
  }
}

@Command({
  name: 'dead-letters:retry',
  arguments: '<id>',
  description: 'Sends a dead letter round again (handlers are idempotent)',
})
export class DeadLettersRetryCommand extends CommandRunner {
  constructor(private readonly deadLetters: DeadLetterService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) {
      out('give the id of a dead letter (see dead-letters:list)');
      process.exitCode = 2;
      return;
    }
    const d = await this.deadLetters.retry(id);
    out(`dead letter ${d.id} (${d.queue} ${d.jobName}) sent again; retries so far: ${d.retryCount}`);
  }
}

export const OUTBOX_COMMANDS = [
  OutboxStatusCommand,
  OutboxProbeCommand,
  DeadLettersListCommand,
  DeadLettersRetryCommand,
];
