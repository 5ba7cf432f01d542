import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export interface Spawned {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Runs a TypeScript entry point of src/ in a child process, with exactly the environment given. */
export function spawnEntry(
  entry: 'main' | 'worker' | 'cli' | 'local',
  env: Record<string, string>,
  args: string[] = [],
): Spawned {
  const proc = spawn(
    process.execPath,
    ['-r', join(root, 'test', 'support', 'ts-register.js'), join(root, 'src', `${entry}.ts`), ...args],
    { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      resolve(code);
    }),
  );
  return { proc, stdout: () => out, stderr: () => err, exit };
}
