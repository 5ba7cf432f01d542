import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureDatabase, migrate } from './platform/database/migrate';

/**
 * `npm run start:local`: Haven on one machine without Docker (PostgreSQL 15+ and Redis 7+ on localhost).
 * Creates the database when missing, runs the migrations, then runs the API and the worker side by side
 * until either stops or the process is told to stop. Development defaults unless the environment says
 * otherwise.
 */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/haven',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

async function main(): Promise<void> {
  const url = env.DATABASE_URL ?? '';
  if (await ensureDatabase(url)) process.stdout.write('Created the database.\n');
  const ran = await migrate(url);
  process.stdout.write(ran.length ? `Ran migrations: ${ran.join(', ')}\n` : 'Database is up to date.\n');

  const children: ChildProcess[] = ['main.js', 'worker.js'].map((file) =>
    spawn(process.execPath, [join(__dirname, file)], { env, stdio: 'inherit' }),
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
  process.stdout.write(
    `Haven: API on http://localhost:${env.PORT ?? '3000'} (docs at /api/docs), worker running.\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`start:local failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
