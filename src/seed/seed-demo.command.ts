import { Command, CommandRunner, Option } from 'nest-commander';
import { DEFAULT_DEMO_CASES, DemoCredential, DemoSeed, DemoSeedRefused } from './demo-seed';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const RESET_HINT =
  'To reset a demo password: demo.admin asks with POST /api/v1/users/:id/reset-password, a supervisor of ' +
  "the user's organisation (else of its parent, else another administrator) confirms with POST " +
  '/api/v1/account-changes/:id/confirm and receives a temporary password to hand over; the user sets her ' +
  "own at the next sign-in. If the administrator's password is lost, `npm run cli -- create-admin " +
  '<username> --additional` makes another administrator.';

/** The credentials as a Markdown table: the only place the passwords ever appear. */
export function credentialsTable(credentials: readonly DemoCredential[]): string {
  const rows = [
    ['username', 'role', 'organisation', 'password'],
    ...credentials.map((c) => [c.username, c.role, c.organization, c.password]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: string[]): string => `| ${r.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(rows[0] ?? []),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

/**
 * `npm run cli -- seed:demo [--cases n] [--seed n]`: the demo data set (DemoSeed). The passwords of the
 * demo users are printed once, on standard output, never through the logger; a second run prints none.
 */
@Command({
  name: 'seed:demo',
  description:
    'Fills a fresh database with a fictional Hanoi (organisations, one user per role, providers, a year of cases, referrals, follow-ups, activities); refuses NODE_ENV=production',
})
export class SeedDemoCommand extends CommandRunner {
  constructor(private readonly demo: DemoSeed) {
    super();
  }

  async run(_: string[], options: { cases?: number; seed?: number }): Promise<void> {
    try {
      const r = await this.demo.run({
        cases: options.cases ?? DEFAULT_DEMO_CASES,
        seed: options.seed,
        log: (m) => process.stderr.write(`seed:demo: ${m}\n`),
      });
      if (r.status === 'present') {
        out(
          `seed:demo: the demo data is there already (seeded ${r.seededAt.toISOString()}): nothing changed, no password shown.`,
        );
        out(RESET_HINT);
        return;
      }
      out(`seed:demo: demo data written in ${r.seconds.toFixed(1)} s`);
      out(
        Object.entries(r.rows)
          .map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`)
          .join(', '),
      );
      out();
      out('Demo users (shown this once, stored only as hashes — note them now):');
      out();
      out(credentialsTable(r.credentials));
      out();
      out(RESET_HINT);
    } catch (e) {
      process.stderr.write(`seed:demo refused: ${describe(e)}\n`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--cases <n>', description: `cases over the last year (default ${DEFAULT_DEMO_CASES})` })
  parseCases(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 50 || n > 200_000)
      throw new Error('--cases must be a whole number from 50 to 200000');
    return n;
  }

  @Option({ flags: '--seed <n>', description: 'seed of the generated attributes (default 7)' })
  parseSeed(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error('--seed must be a whole number');
    return n;
  }
}

/**
 * A refusal says why; another failure only its kind and PostgreSQL's code (an error's message may quote
 * a row's values).
 */
function describe(e: unknown): string {
  if (e instanceof DemoSeedRefused) return e.message;
  if (!(e instanceof Error)) return 'unexpected error';
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? `${e.name} (PostgreSQL ${code}); nothing was written` : e.name;
}

export const SEED_COMMANDS = [DemoSeed, SeedDemoCommand];
