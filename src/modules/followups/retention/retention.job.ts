import { Injectable } from '@nestjs/common';
import { HandlesJob, JobName, QueueName } from '../../../platform/queue';
import { RetentionService } from './retention.service';

/** The daily maintenance.retention job (SCHEDULES): the same code as `retention:run` without --dry-run. */
@Injectable()
export class RetentionJob {
  constructor(private readonly retention: RetentionService) {}

  @HandlesJob(JobName.Retention, { queue: QueueName.Maintenance })
  async run(): Promise<{ anonymised: number; skipped: number }> {
    const r = await this.retention.run();
    return { anonymised: r.anonymised, skipped: r.skipped };
  }
}
