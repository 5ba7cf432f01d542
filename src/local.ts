import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import { withLocalDefaults } from './platform/config/local-defaults';
import { ensureDatabase, migrate } from './platform/database/migrate';

/**
 * `npm run start:local`: Haven on one machine without Docker (PostgreSQL 15+ and Redis 7+ on localhost).
 * Creates the database when missing, runs the migrations, then runs the API and the worker side by side
 * until either stops or the process is told to stop. The local defaults (platform/config/local-defaults)
 * unless the environment says otherwise; the command line takes the same ones.
 */
const env: NodeJS.ProcessEnv = withLocalDefaults(process.env).env;

/** The ports the two programs listen on, by the setting that chooses each. */
const API = { setting: 'PORT', port: Number(env.PORT ?? 3000), who: 'the API' };
const WORKER = {
  setting: 'WORKER_HEALTH_PORT',
  port: Number(env.WORKER_HEALTH_PORT ?? 3001),
  who: 'the worker',
};
const PORTS = [API, WORKER];

class PortTaken extends Error {}

/** Refuses before anything starts when a port is taken, naming the setting that moves it. */
async function checkPorts(): Promise<void> {
  for (const p of PORTS) {
    if (!Number.isInteger(p.port) || p.port < 1) continue; // the program itself reports a bad setting
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => {
        resolve(false);
      });
      srv.listen(p.port, env.HOST ?? '0.0.0.0', () => {
        srv.close(() => {
          resolve(true);
        });
      });
    });
    if (!free) {
      throw new PortTaken(
        `port ${p.port} for ${p.who} is already in use: stop what uses it or set ${p.setting} to a free port`,
      );
    }
  }
}

/** Resolves once both programs answer /health/live, so the banner says what is true. */
async function waitUntilLive(children: ChildProcess[]): Promise<boolean> {
  for (;;) {
    if (children.some((c) => c.exitCode !== null || c.signalCode !== null)) return false;
    const live = await Promise.all(
      PORTS.map((p) =>
        fetch(`http://127.0.0.1:${p.port}/health/live`).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    if (live.every(Boolean)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  await checkPorts();
  const url = env.DATABASE_URL ?? '';
  if (await ensureDatabase(url)) process.stdout.write('Created the database.\n');
  const ran = await migrate(url);
  process.stdout.write(ran.length ? `Ran migrations: ${ran.join(', ')}\n` : 'Database is up to date.\n');

  // dist/src/*.js in use; src/*.ts when run from the sources (the tests), with the same loader.
  const ext = extname(__filename);
  const children: ChildProcess[] = ['main', 'worker'].map((name) =>
    spawn(process.execPath, [...process.execArgv, join(__dirname, `${name}${ext}`)], {
      env,
      stdio: 'inherit',
    }),
  );
  let exiting = false;
  const stopAll = (signal: NodeJS.Signals) => {
    if (exiting) return;
    exiting = true;
    for (const c of children) if (c.exitCode === null) c.kill(signal);
  };
  for (const c of children) {
    c.on('exit', (code) => {
      stopAll('SIGTERM');
      if (children.every((x) => x.exitCode !== null || x.signalCode !== null)) process.exit(code ?? 0);
    });
  }
  process.on('SIGINT', () => {
    stopAll('SIGINT');
  });
  process.on('SIGTERM', () => {
    stopAll('SIGTERM');
  });
  if (await waitUntilLive(children)) {
    process.stdout.write(
      `Haven: API on http://localhost:${API.port} (docs at /api/docs), worker running ` +
        `(health on port ${WORKER.port}).\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`start:local failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof PortTaken ? 78 : 1);
});
