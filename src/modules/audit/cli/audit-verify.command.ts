import { Command, CommandRunner, Option } from 'nest-commander';
import { AuditVerifier } from '../audit-verifier';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

@Command({
  name: 'audit:verify',
  description:
    'Walks the audit hash chain; exit 0 with the number of rows verified, or 1 naming the first row that does not verify',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly verifier: AuditVerifier) {
    super();
  }

  async run(_: string[], options: { batchSize?: number }): Promise<void> {
    const r = await this.verifier.verify(options.batchSize ? { batchSize: options.batchSize } : {});
    if (r.ok) {
      out(`audit chain verified: ${r.checked} rows (${r.unsealed} not sealed yet)`);
      return;
    }
    out(
      r.firstBadId
        ? `audit chain broken at row ${r.firstBadId}: ${r.fault ?? 'fault'}: ${r.reason ?? ''}`
        : `audit chain broken: ${r.fault ?? 'fault'}: ${r.reason ?? ''}`,
    );
    out(`${r.checked} rows verified before the fault`);
    process.exitCode = 1;
  }

  @Option({ flags: '--batch-size <rows>', description: 'rows read per query (default 2000)' })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error('--batch-size must be 1 to 100000');
    return n;
  }
}
