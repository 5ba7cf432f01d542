import type { Job } from 'bullmq';
import { loadEnv } from '../config/env.schema';
import { defaultJobOptions, jobBackoffStrategy, retryBudgetMs } from './job-options';

const env = (extra: Record<string, string> = {}) =>
  loadEnv({
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/haven',
    REDIS_URL: 'redis://127.0.0.1:6379',
    ...extra,
  });

/** The delays BullMQ would wait between the attempts of a job with these options. */
function delays(opts: ReturnType<typeof defaultJobOptions>): number[] {
  const backoff = opts.backoff as { type: string; delay: number };
  const job = { opts } as unknown as Job;
  const out: number[] = [];
  for (let made = 1; made < (opts.attempts ?? 1); made++) {
    out.push(jobBackoffStrategy(made, backoff.type, new Error('x'), job) as number);
  }
  return out;
}

describe('job retry budget', () => {
  it('outlasts an outage of an hour with the default settings', () => {
    const d = delays(defaultJobOptions(env()));
    expect(d.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60 * 60 * 1000);
    expect(retryBudgetMs(env())).toBe(d.reduce((a, b) => a + b, 0));
  });

  it('doubles from JOB_BACKOFF_MS and never waits longer than JOB_MAX_BACKOFF_MS', () => {
    const d = delays(
      defaultJobOptions(env({ JOB_ATTEMPTS: '8', JOB_BACKOFF_MS: '100', JOB_MAX_BACKOFF_MS: '1000' })),
    );
    expect(d).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });
});
