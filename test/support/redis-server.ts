import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import IORedis from 'ioredis';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * A redis-server of the test's own, on a free port, that the test may stop and start again: outage
 * tests never touch the shared Redis.
 */
export class OwnRedis {
  private proc: ChildProcess | undefined;
  constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort());
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const bin = process.env.REDIS_SERVER_BIN ?? 'redis-server';
    this.proc = spawn(
      bin,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    const proc = this.proc;
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (e) => {
        reject(new Error(`cannot start ${bin}: ${e.message}`));
      });
      proc.once('exit', (code) => {
        reject(new Error(`${bin} exited with ${code}`));
      });
    });
    const ready = (async () => {
      for (let i = 0; i < 100; i++) {
        const c = new IORedis({
          port: this.port,
          host: '127.0.0.1',
          lazyConnect: true,
          retryStrategy: () => null,
        });
        try {
          await c.connect();
          await c.ping();
          c.disconnect();
          return;
        } catch {
          c.disconnect();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error('own redis-server did not become ready');
    })();
    await Promise.race([ready, failed]);
    failed.catch(() => undefined);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => {
        resolve();
      });
      p.kill('SIGKILL');
    });
    this.proc = undefined;
  }
}
