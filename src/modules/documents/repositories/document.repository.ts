import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateReturning,
} from '../../../platform/database';
import { DOCUMENT_DATA } from '../documents.personal-data';

/** A document's record, its name decrypted (null once destroyed). */
export interface DocumentRecord {
  id: string;
  caseId: string;
  kind: string;
  mediaType: string;
  sizeBytes: number;
  name: string | null;
  addedBy: string;
  addedAt: Date;
  destroyedAt: Date | null;
  destroyedReason: string | null;
}

const DOCUMENT = rowShape('documents', {
  id: col.uuid(),
  case_id: col.uuid(),
  kind: col.text(),
  media_type: col.text(),
  size_bytes: col.int(),
  name_enc: col.text().orNull(),
  added_by: col.uuid(),
  added_at: col.time(),
  destroyed_at: col.time().orNull(),
  destroyed_reason: col.text().orNull(),
});

const IDS = rowShape('documents (ids)', { id: col.uuid() });

/** The records of documents (table documents); the name is written and read through DOCUMENT_DATA only. */
@Injectable()
export class DocumentRepository {
  constructor(private readonly crypto: CryptoService) {}

  private open(raw: unknown): DocumentRecord {
    const r = DOCUMENT.parse(raw);
    return {
      id: r.id,
      caseId: r.case_id,
      kind: r.kind,
      mediaType: r.media_type,
      sizeBytes: r.size_bytes,
      name: DOCUMENT_DATA.openOne(this.crypto, 'name', r.name_enc),
      addedBy: r.added_by,
      addedAt: r.added_at,
      destroyedAt: r.destroyed_at,
      destroyedReason: r.destroyed_reason,
    };
  }

  async insert(
    m: Queryable,
    d: {
      id: string;
      caseId: string;
      kind: string;
      mediaType: string;
      sizeBytes: number;
      name: string;
      addedBy: string;
    },
  ): Promise<DocumentRecord> {
    const [raw] = await run(
      m,
      insertStatement(
        'documents',
        {
          id: d.id,
          case_id: d.caseId,
          kind: d.kind,
          media_type: d.mediaType,
          size_bytes: d.sizeBytes,
          added_by: d.addedBy,
          ...DOCUMENT_DATA.sealInsert(this.crypto, { name: d.name }),
        },
        DOCUMENT.columns(),
      ),
    );
    if (!raw) throw new Error('document not written');
    return this.open(raw);
  }

  /** The case's documents, oldest first, destroyed ones included (their name is null). */
  async listForCase(m: Queryable, caseId: string): Promise<DocumentRecord[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${DOCUMENT.columns()} FROM documents WHERE case_id = $1 ORDER BY added_at, id`,
      [caseId],
    );
    return rows.map((r) => this.open(r));
  }

  /** One document of a case, or undefined (another case's document is not found). */
  async get(m: Queryable, caseId: string, id: string): Promise<DocumentRecord | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${DOCUMENT.columns()} FROM documents WHERE id = $1 AND case_id = $2`,
      [id, caseId],
    );
    return raw ? this.open(raw) : undefined;
  }

  /** Marks one document destroyed and erases its name; false when it was destroyed already. */
  async markDestroyed(m: Queryable, id: string, reason: 'removed' | 'retention'): Promise<boolean> {
    const rows = await updateReturning(
      m,
      `UPDATE documents SET name_enc = NULL, destroyed_at = now(), destroyed_reason = $2
        WHERE id = $1 AND destroyed_at IS NULL RETURNING id`,
      [id, reason],
    );
    return rows.length > 0;
  }

  /** Marks every live document of a case destroyed (retention) and gives their ids. */
  async markCaseDestroyed(m: Queryable, caseId: string): Promise<string[]> {
    const rows = await updateReturning(
      m,
      `UPDATE documents SET name_enc = NULL, destroyed_at = now(), destroyed_reason = 'retention'
        WHERE case_id = $1 AND destroyed_at IS NULL RETURNING id`,
      [caseId],
    );
    return IDS.parseAll(rows).map((r) => r.id);
  }

  /** Moves a merged case's documents to the surviving case; gives the ids moved. */
  async moveCase(m: Queryable, fromCaseId: string, toCaseId: string): Promise<string[]> {
    const rows = await updateReturning(
      m,
      `UPDATE documents SET case_id = $2 WHERE case_id = $1 RETURNING id`,
      [fromCaseId, toCaseId],
    );
    return IDS.parseAll(rows).map((r) => r.id);
  }

  /** Gives exactly these documents back to a case (the undo of a merge). */
  async moveBack(m: Queryable, ids: readonly string[], toCaseId: string): Promise<void> {
    await changedCount(m, `UPDATE documents SET case_id = $2 WHERE id = ANY($1::uuid[])`, [ids, toCaseId]);
  }
}
