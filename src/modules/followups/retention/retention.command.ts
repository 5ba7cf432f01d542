import { Command, CommandRunner, Option } from 'nest-commander';
import { RetentionService } from './retention.service';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * `npm run cli -- retention:run [--dry-run] [--limit n]`: the retention job on demand. The dry run lists
 * the cases due (id, reference, closing date: never personal data) and changes nothing.
 */
@Command({
  name: 'retention:run',
  description:
    'Anonymises cases closed longer than RETENTION_CLOSED_DAYS (--dry-run lists them, changes nothing)',
})
export class RetentionRunCommand extends CommandRunner {
  constructor(private readonly retention: RetentionService) {
    super();
  }

  async run(_: string[], options: { dryRun?: boolean; limit?: number }): Promise<void> {
    const r = await this.retention.run({ dryRun: options.dryRun === true, limit: options.limit });
    out(`retention: cases closed before ${r.closedBefore.toISOString()} (${r.retentionDays} days)`);
    out(`due: ${r.due}`);
    for (const c of r.cases) {
      out(
        [r.dryRun ? 'would anonymise' : 'anonymised', c.id, c.reference, c.closedAt.toISOString()].join('\t'),
      );
    }
    if (r.dryRun) {
      out(`dry run: nothing changed; ${r.cases.length} case(s) would be anonymised`);
    } else {
      out(`anonymised: ${r.anonymised}; held by another worker: ${r.skipped}`);
    }
  }

  @Option({ flags: '--dry-run', description: 'list what would be anonymised; change nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '-l, --limit <n>', description: 'at most this many cases' })
  parseLimit(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error('--limit must be a positive whole number');
    return n;
  }
}

export const RETENTION_COMMANDS = [RetentionRunCommand];
