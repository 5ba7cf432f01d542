import { Command, CommandRunner, Option } from 'nest-commander';
import { KeyRotation, RotationReport } from '../crypto/key-rotation';
import { KeyRotationRepository } from '../crypto/key-rotation.repository';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const positiveInt = (flag: string, value: string): number => {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1)
    throw new Error(`${flag} must be a positive whole number`);
  return Number(value);
};

interface RotateOptions {
  batchSize?: number;
  maxBatches?: number;
  dryRun?: boolean;
}

@Command({
  name: 'keys:rotate',
  description:
    'Re-encrypts every registered value not under the active key (the first of HAVEN_DATA_KEYS) and ' +
    're-indexes blind indexes not under HAVEN_INDEX_KEY, in batches; safe to stop and run again',
})
export class KeysRotateCommand extends CommandRunner {
  constructor(private readonly rotation: KeyRotation) {
    super();
  }

  async run(_: string[], options: RotateOptions): Promise<void> {
    const report = await this.rotation.rotate({
      batchSize: options.batchSize,
      maxBatches: options.maxBatches,
      dryRun: options.dryRun,
    });
    print(report);
    // Not done yet (stopped, or rows changed meanwhile): exit 3 so that a script runs it again.
    if (!report.dryRun && report.columns.some((c) => c.remaining > 0)) process.exitCode = 3;
  }

  @Option({ flags: '--batch-size <rows>', description: 'rows per batch and transaction (default 500)' })
  parseBatchSize(value: string): number {
    return positiveInt('--batch-size', value);
  }

  @Option({ flags: '--max-batches <n>', description: 'stop after n batches (run again to continue)' })
  parseMaxBatches(value: string): number {
    return positiveInt('--max-batches', value);
  }

  @Option({ flags: '--dry-run', description: 'count stale values, change nothing' })
  parseDryRun(): boolean {
    return true;
  }
}

function print(r: RotationReport): void {
  out(
    `active data key: ${r.activeKeyId}; index key: ${r.indexKeyId}${r.dryRun ? ' (dry run: nothing changed)' : ''}`,
  );
  for (const c of r.columns) {
    out(
      r.dryRun
        ? `${c.column}: ${c.stale} stale`
        : `${c.column}: ${c.reEncrypted} re-encrypted, ${c.reIndexed} re-indexed, ${c.conflicts} changed meanwhile, ${c.remaining} still stale`,
    );
  }
  out(`batches: ${r.batches}${r.stopped ? ' (stopped at --max-batches: run again to continue)' : ''}`);
  if (r.unregistered.length > 0) {
    out(`not rotated (no module registers them): ${r.unregistered.join(', ')}`);
    out(
      'The audit trail is append-only, so its reason texts keep the key they were written with: keep retired ' +
        'keys in HAVEN_DATA_KEYS (after the active one) while such audit rows must stay readable.',
    );
  }
}

/** The key commands and what they need (KeyRotation works on the CLI's own data source). */
export const KEY_COMMANDS = [KeyRotationRepository, KeyRotation, KeysRotateCommand];
