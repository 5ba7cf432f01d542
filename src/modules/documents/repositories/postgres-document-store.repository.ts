import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  changedCount,
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
} from '../../../platform/database';
import type { DocumentStore } from '../document-store';

const CONTENT = rowShape('document_contents', { content_enc: col.bytes() });
const ID = rowShape('document_contents (ids)', { document_id: col.uuid() });
/** Sealed bytes start with a header and a random IV: their first 64 bytes tell two sealings apart. */
const HEAD = 64;

/**
 * The DocumentStore in PostgreSQL (table document_contents): sealed bytes by document id, written in the
 * caller's transaction when one is given.
 */
@Injectable()
export class PostgresDocumentStore implements DocumentStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async put(id: string, sealed: Buffer, tx?: Queryable): Promise<void> {
    await run(
      tx ?? this.dataSource.manager,
      insertStatement('document_contents', { document_id: id, content_enc: sealed }),
    );
  }

  async get(id: string, tx?: Queryable): Promise<Buffer | null> {
    const raw = await firstRow(
      tx ?? this.dataSource.manager,
      `SELECT content_enc FROM document_contents WHERE document_id = $1`,
      [id],
    );
    return raw ? CONTENT.parse(raw).content_enc : null;
  }

  async destroy(id: string, tx?: Queryable): Promise<boolean> {
    const n = await changedCount(
      tx ?? this.dataSource.manager,
      `DELETE FROM document_contents WHERE document_id = $1`,
      [id],
    );
    return n > 0;
  }

  async idsAfter(after: string, limit: number): Promise<string[]> {
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT document_id FROM document_contents WHERE document_id > $1 ORDER BY document_id LIMIT $2`,
      [after, limit],
    );
    return ID.parseAll(rows).map((r) => r.document_id);
  }

  async replace(id: string, expected: Buffer, sealed: Buffer): Promise<boolean> {
    const n = await changedCount(
      this.dataSource.manager,
      `UPDATE document_contents SET content_enc = $3
        WHERE document_id = $1 AND substring(content_enc FROM 1 FOR ${HEAD}) = $2`,
      [id, expected.subarray(0, HEAD), sealed],
    );
    return n > 0;
  }
}
