import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '../../../platform/outbox';
import { HandlesEvent, QueueName } from '../../../platform/queue';
import { ReportRunner, RunOutcome } from './report-runner';

/** The worker's side of a report request: the reports queue makes the file (docs/DESIGN.md §6). */
@Injectable()
export class ReportsHandlers {
  constructor(private readonly runner: ReportRunner) {}

  @HandlesEvent('report.requested', { queue: QueueName.Reports, name: 'reports.generate' })
  async generate(event: EventEnvelope<'report.requested'>): Promise<{ outcome: RunOutcome }> {
    return { outcome: await this.runner.run(event.payload.reportRunId) };
  }
}
