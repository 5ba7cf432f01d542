import { Command, CommandRunner } from 'nest-commander';
import { AuditSealer } from '../audit-sealer';

@Command({
  name: 'audit:seal',
  description: 'Seals every committed audit row into the hash chain now (the worker does it every 5 s)',
})
export class AuditSealCommand extends CommandRunner {
  constructor(private readonly sealer: AuditSealer) {
    super();
  }

  async run(): Promise<void> {
    const r = await this.sealer.sealNow();
    process.stdout.write(`sealed ${r.sealed} rows; the chain ends at chain_seq ${r.lastSeq}\n`);
  }
}
