import { Counter } from 'prom-client';
import { ALL_JOB_NAMES } from './queue-names';

export type JobOutcome = 'completed' | 'failed' | 'dead_lettered';

/**
 * Jobs handled by this process, by queue and outcome (labels: queue names and outcomes only). Registered
 * in no registry here: the worker's metrics (platform/metrics/worker-metrics.ts) add it to theirs.
 */
export const JOBS_PROCESSED = new Counter<'queue' | 'outcome'>({
  name: 'haven_jobs_processed_total',
  help: 'Jobs handled by this worker, by queue and outcome (completed, failed attempt, dead_lettered)',
  labelNames: ['queue', 'outcome'],
  registers: [],
});

const lastFinished = new Map<string, number>();

/** Called by the processors; for scheduled and direct jobs also remembers when they last finished. */
export function recordJobOutcome(queue: string, outcome: JobOutcome, jobName?: string): void {
  JOBS_PROCESSED.inc({ queue, outcome });
  if (outcome === 'completed' && jobName && (ALL_JOB_NAMES as readonly string[]).includes(jobName)) {
    lastFinished.set(jobName, Date.now());
  }
}

/** When this process last completed the job (epoch ms), if it has. */
export function lastFinishedInProcess(jobName: string): number | undefined {
  return lastFinished.get(jobName);
}
