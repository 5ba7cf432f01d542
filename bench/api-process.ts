import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from '../src/app.module';
import type { Env } from '../src/platform/config';
import { createApiApp } from '../src/platform/http/create-api-app';

/**
 * The API as production starts it (src/main.ts: createApiApp on AppModule, no test hooks: test/support's
 * startApi also checks every answer against the OpenAPI document, which copies bodies and would count in
 * the memory measured), on a free port of 127.0.0.1, in this process; and this process's memory from
 * /proc/self/status, whose peak (VmHWM) the kernel keeps exactly, so a peak reached while the event loop
 * is busy (a timer-based sampler would miss it) is still seen.
 */

export interface BenchApi {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

export async function startBenchApi(env: Env, logger: Logger): Promise<BenchApi> {
  const app = await createApiApp(AppModule.forRoot(env, logger, []), env);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export interface ProcMemory {
  /** Resident set now, MiB. */
  rssMiB: number;
  /** Peak resident set since the process started or the last resetPeakRss(), MiB. */
  peakMiB: number;
}

const kib = (status: string, field: string): number =>
  Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);

/** This process's resident memory and its peak (Linux /proc; NaN elsewhere). */
export function procMemory(): ProcMemory {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // not Linux: NaN below
  }
  const round = (k: number): number => Math.round((k / 1024) * 10) / 10;
  return { rssMiB: round(kib(status, 'VmRSS')), peakMiB: round(kib(status, 'VmHWM')) };
}

/**
 * Starts a new peak: collects garbage when `--expose-gc` was given (so the phase starts from live data
 * only), then resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs, Linux ≥ 4.0).
 * Returns the memory at the start of the phase.
 */
export function resetPeakRss(): ProcMemory {
  (globalThis as { gc?: () => void }).gc?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the peak is then the process's lifetime peak
  }
  return procMemory();
}

/** The one-minute load average (other work on the machine skews every figure). */
export const loadAverage = (): number => Math.round(os.loadavg()[0]! * 100) / 100;

/**
 * How long this process's event loop was held during a phase (the API runs here: a synchronous PDF
 * layout or a large buffer copy makes every other request wait that long). stop() gives p99 and max, ms.
 */
export class LoopDelay {
  private readonly h: ReturnType<typeof monitorEventLoopDelay> = monitorEventLoopDelay({ resolution: 10 });

  start(): this {
    this.h.reset();
    this.h.enable();
    return this;
  }

  stop(): { p99Ms: number; maxMs: number } {
    this.h.disable();
    const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
    return { p99Ms: ms(this.h.percentile(99)), maxMs: ms(this.h.max) };
  }
}
