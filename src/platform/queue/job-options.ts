import type { BackoffStrategy, JobsOptions } from 'bullmq';
import { Env } from '../config/env.schema';

/**
 * The backoff of every job: exponential from JOB_BACKOFF_MS, capped at the number after the colon
 * (JOB_MAX_BACKOFF_MS). The cap travels in the type so a job keeps the budget it was queued with.
 */
const CAPPED = /^capped-exponential:(\d+)$/;

/** Defaults for every job: attempts that outlast an outage (capped backoff); failures kept; done kept a day. */
export function defaultJobOptions(env: Env): JobsOptions {
  return {
    attempts: env.JOB_ATTEMPTS,
    backoff: { type: `capped-exponential:${env.JOB_MAX_BACKOFF_MS}`, delay: env.JOB_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: false,
  };
}

/** The workers' strategy for the custom backoff type above (BullMQ handles its own types itself). */
export const jobBackoffStrategy: BackoffStrategy = (attemptsMade, type, _err, job) => {
  const base = (job?.opts.backoff as { delay?: number } | undefined)?.delay ?? 1_000;
  const exponential = base * Math.pow(2, Math.max(0, attemptsMade - 1));
  const cap = CAPPED.exec(type ?? '');
  return Math.round(cap ? Math.min(exponential, Number(cap[1])) : exponential);
};

/** How long a job keeps retrying before it becomes a dead letter: the sum of its backoff delays. */
export function retryBudgetMs(env: Env): number {
  let total = 0;
  for (let made = 1; made < env.JOB_ATTEMPTS; made++) {
    total += Math.min(env.JOB_BACKOFF_MS * Math.pow(2, made - 1), env.JOB_MAX_BACKOFF_MS);
  }
  return total;
}
