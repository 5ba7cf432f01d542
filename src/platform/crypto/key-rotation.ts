import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ident } from '../database/statements.sql';
import { CryptoService, IndexKind } from './crypto.service';
import { contextOf, EncryptedColumn, encryptedColumns } from './encrypted-fields';
import { CurrentKeys, KeyRotationRepository } from './key-rotation.repository';
import { normalizeText } from './normalize';

export interface RotationOptions {
  /** Rows per batch (each batch is one transaction). */
  batchSize?: number;
  /** Stop after this many batches in all (the rest is done by the next run). */
  maxBatches?: number;
  /** Count what is stale without changing anything. */
  dryRun?: boolean;
  /** Only these columns ("table.column"); all registered columns when absent. */
  only?: readonly string[];
}

export interface ColumnRotation {
  column: string;
  /** Rows found with a stale value or a stale blind index. */
  stale: number;
  reEncrypted: number;
  reIndexed: number;
  /** Rows changed by someone else between the read and the write: left for the next run. */
  conflicts: number;
  /** Rows still stale after the run (non-zero after a stopped run or conflicts). */
  remaining: number;
}

export interface RotationReport {
  activeKeyId: string;
  indexKeyId: string;
  dryRun: boolean;
  columns: ColumnRotation[];
  batches: number;
  /** True when maxBatches ended the run: run it again to continue. */
  stopped: boolean;
  /** Columns named *_enc that no module registered: not rotated (see keys:rotate's note). */
  unregistered: string[];
}

/**
 * Key rotation (docs/DESIGN.md §7): every registered encrypted value not under the active data key is
 * re-encrypted under it, and every blind index not under the current index key is recomputed from the
 * decrypted value. Batches walk each table by primary key (keyset), one transaction each, and write with an
 * optimistic check (`WHERE col = <the value read>`), so a row the application changed meanwhile is left
 * alone. Only stale values are touched, so a run stopped half-way (a crash, --max-batches) is resumed by
 * running it again.
 *
 * Not rotated: the audit trail's reason texts (audit_events.reason_text_enc). The trail is append-only —
 * a trigger refuses any UPDATE — and its hash chain covers the stored ciphertext, so those values stay
 * under the key they were written with: a retired key must stay in HAVEN_DATA_KEYS (after the active
 * one) for as long as audit rows written under it must be readable.
 */
@Injectable()
export class KeyRotation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly rows: KeyRotationRepository = new KeyRotationRepository(),
  ) {}

  private get keys(): CurrentKeys {
    return { activeKeyId: this.crypto.activeKeyId, indexKeyId: this.crypto.indexKeyId };
  }

  async rotate(opts: RotationOptions = {}): Promise<RotationReport> {
    const batchSize = opts.batchSize ?? 500;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new Error('batchSize must be a positive integer');
    const columns = encryptedColumns().filter((c) => !opts.only || opts.only.includes(contextOf(c)));
    for (const c of columns) this.assertSupported(c);
    const report: RotationReport = {
      activeKeyId: this.crypto.activeKeyId,
      indexKeyId: this.crypto.indexKeyId,
      dryRun: opts.dryRun ?? false,
      columns: [],
      batches: 0,
      stopped: false,
      unregistered: await this.unregisteredColumns(),
    };
    for (const c of columns) {
      const result: ColumnRotation = {
        column: contextOf(c),
        stale: 0,
        reEncrypted: 0,
        reIndexed: 0,
        conflicts: 0,
        remaining: 0,
      };
      report.columns.push(result);
      let after: string | null = null;
      while (!report.stopped) {
        if (opts.maxBatches !== undefined && report.batches >= opts.maxBatches) {
          report.stopped = true;
          break;
        }
        const from: string | null = after;
        const last: string | null = await this.dataSource.transaction((m): Promise<string | null> =>
          this.batch(m, c, from, batchSize, result, report.dryRun),
        );
        if (last === null) break;
        report.batches += 1;
        after = last;
      }
    }
    for (const c of columns) {
      const result = report.columns.find((r) => r.column === contextOf(c));
      if (result) result.remaining = await this.countStale(c);
    }
    return report;
  }

  /** One batch: the next stale rows after `after`, rewritten. Returns the last id seen, or null when none. */
  private async batch(
    m: EntityManager,
    c: EncryptedColumn,
    after: string | null,
    batchSize: number,
    result: ColumnRotation,
    dryRun: boolean,
  ): Promise<string | null> {
    const indexes = c.indexes ?? [];
    const rows = await this.rows.staleBatch(m, c, this.keys, after, batchSize);
    let last: string | null = null;
    for (const row of rows) {
      const { id, value } = row;
      last = id;
      const values = c.array ? (JSON.parse(value) as string[]) : [value];
      const staleValue = values.some((v) => this.crypto.isStale(v));
      const staleIndexes = indexes
        .map((ix, i) => ({ ...ix, current: row.indexes[i] ?? null }))
        .filter((ix) => ix.current !== null && !ix.current.startsWith(`${this.crypto.indexKeyId}:`));
      result.stale += 1;
      if (dryRun) continue;
      const context = contextOf(c);
      let plain: string[];
      try {
        plain = values.map((v) => this.crypto.decrypt(v, context));
      } catch (e) {
        // Ids only: say where, so that an operator can put the missing key back in the ring.
        throw new Error(`${context} of row ${id}: ${(e as Error).message}`, { cause: e });
      }
      const set: Record<string, string | null> = {};
      if (staleValue) {
        const fresh = plain.map((p) => this.crypto.encrypt(p, context));
        set[c.column] = c.array ? JSON.stringify(fresh) : (fresh[0] ?? null);
      }
      for (const ix of staleIndexes) set[ix.column] = this.indexOf(ix.kind, plain[0] ?? '');
      if (Object.keys(set).length === 0) continue;
      // Optimistic: only if the value is still the one read. A row changed meanwhile is left alone.
      if (!(await this.rows.rewrite(m, c, id, value, set))) {
        result.conflicts += 1;
        continue;
      }
      if (staleValue) result.reEncrypted += 1;
      if (staleIndexes.length > 0) result.reIndexed += 1;
    }
    return last;
  }

  private countStale(c: EncryptedColumn): Promise<number> {
    return this.rows.countStale(this.dataSource, c, this.keys);
  }

  private indexOf(kind: IndexKind, plain: string): string | null {
    switch (kind) {
      case 'phone':
        return this.crypto.phoneIndex(plain) ?? null;
      case 'national_id':
        return this.crypto.nationalIdIndex(plain) ?? null;
      case 'name':
        return this.crypto.nameIndex(plain) ?? null;
      case 'text': {
        const n = normalizeText(plain);
        return n === '' ? null : this.crypto.blindIndex('text', n);
      }
      case 'name_birth_year':
        throw new Error('name_birth_year indexes need two columns and cannot be recomputed from one');
    }
  }

  private assertSupported(c: EncryptedColumn): void {
    for (const name of [c.table, c.idColumn, c.column, ...(c.indexes ?? []).map((i) => i.column)])
      ident(name);
    if (c.array && c.indexes?.length) {
      throw new Error(`${contextOf(c)}: blind indexes over an array column cannot be recomputed by rotation`);
    }
    for (const ix of c.indexes ?? []) {
      if (ix.kind === 'name_birth_year') {
        throw new Error(`${contextOf(c)}: a name_birth_year index cannot be recomputed from one column`);
      }
    }
  }

  /** Columns named *_enc in the database that no module registered: rotation cannot see them. */
  private async unregisteredColumns(): Promise<string[]> {
    const names = await this.rows.encryptedColumnNames(this.dataSource);
    const known = new Set(encryptedColumns().map(contextOf));
    return names.filter((name) => !known.has(name));
  }
}
