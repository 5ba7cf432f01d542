import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CryptoService } from '../../platform/crypto';
import { DOCUMENT_STORE, DocumentStore } from './document-store';
import { contentContext } from './documents.service';

export interface DocumentRotationReport {
  activeKeyId: string;
  examined: number;
  reSealed: number;
  /** Contents changed or destroyed between the read and the write: left for the next run. */
  conflicts: number;
}

/**
 * Key rotation for documents' contents (`keys:rotate` rotates the declared columns, names included, but
 * not the store's sealed bytes): every content not sealed under the active data key is opened and sealed
 * again under it, one document at a time (at most 10 MB in memory), written only if it is still the one
 * read. Only stale contents are touched, so a stopped run is resumed by running it again.
 */
@Injectable()
export class DocumentRotation {
  constructor(
    private readonly crypto: CryptoService,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

  async rotate(opts: { batchSize?: number } = {}): Promise<DocumentRotationReport> {
    const batchSize = opts.batchSize ?? 100;
    const report = { activeKeyId: this.crypto.activeKeyId, examined: 0, reSealed: 0, conflicts: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = await this.store.idsAfter(after, batchSize);
      if (ids.length === 0) return report;
      for (const id of ids) {
        after = id;
        report.examined += 1;
        const sealed = await this.store.get(id);
        if (!sealed || this.crypto.keyIdOfBytes(sealed) === this.crypto.activeKeyId) continue;
        const plain = this.crypto.decryptBytes(sealed, contentContext(id));
        const next = this.crypto.encryptBytes(plain, contentContext(id));
        if (await this.store.replace(id, sealed, next)) report.reSealed += 1;
        else report.conflicts += 1;
      }
    }
  }
}

/** `npm run cli -- documents:rotate [--batch-size n]`: documents' contents under the active data key. */
@Command({
  name: 'documents:rotate',
  description: "Re-seals documents' contents under the active data key (after keys:rotate)",
})
export class DocumentsRotateCommand extends CommandRunner {
  constructor(private readonly rotation: DocumentRotation) {
    super();
  }

  async run(_: string[], options: { batchSize?: number }): Promise<void> {
    const r = await this.rotation.rotate({ batchSize: options.batchSize });
    process.stdout.write(
      `documents: active key ${r.activeKeyId}; examined ${r.examined}, re-sealed ${r.reSealed}` +
        (r.conflicts > 0 ? `, changed meanwhile ${r.conflicts}: run again` : '') +
        '\n',
    );
  }

  @Option({ flags: '-b, --batch-size <n>', description: 'ids read per step (default 100)' })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error('--batch-size must be a positive whole number');
    return n;
  }
}

export const DOCUMENTS_COMMANDS = [DocumentsRotateCommand];
