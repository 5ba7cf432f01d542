import type { JobsOptions } from 'bullmq';
import { Env } from '../config/env.schema';

/** Defaults for every job: several attempts with exponential backoff; failures kept; done jobs kept a day. */
export function defaultJobOptions(env: Env): JobsOptions {
  return {
    attempts: env.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: env.JOB_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3600, count: 50_000 },
    removeOnFail: false,
  };
}
