import { Injectable } from '@nestjs/common';
import { changedCount, firstRow, rowsOf, run } from '../database/base.repository';
import { Queryable } from '../database/statements.sql';
import { col, rowShape } from '../database/row';

/** Which key: whose (scope), which route, and the client's key. */
export interface IdempotencyKeyId {
  scope: string;
  route: string;
  key: string;
}

/** A remembered request: its body's hash and, once answered, the status and the sealed answer. */
export interface StoredRequest {
  requestHash: string;
  statusCode: number | null;
  responseBodyEnc: string | null;
}

const STORED = rowShape('idempotency_keys', {
  request_hash: col.text(),
  status_code: col.int().orNull(),
  response_body_enc: col.text().orNull(),
});

/** The idempotency_keys table. The answer arrives sealed: this file never sees it in clear. */
@Injectable()
export class IdempotencyRepository {
  /** Forgets this key when it has expired, so that it can be taken again. */
  async deleteExpired(m: Queryable, id: IdempotencyKeyId): Promise<void> {
    await run(m, {
      text: `DELETE FROM idempotency_keys WHERE scope = $1 AND route = $2 AND key = $3 AND expires_at <= now()`,
      values: [id.scope, id.route, id.key],
    });
  }

  /** Takes the key for `ttlHours`; false when it is taken already (possibly by a request in flight). */
  async claim(m: Queryable, id: IdempotencyKeyId, requestHash: string, ttlHours: number): Promise<boolean> {
    const inserted = await rowsOf(
      m,
      `INSERT INTO idempotency_keys (scope, route, key, request_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + ($5::int * interval '1 hour'))
       ON CONFLICT DO NOTHING RETURNING key`,
      [id.scope, id.route, id.key, requestHash, ttlHours],
    );
    return inserted.length > 0;
  }

  async find(m: Queryable, id: IdempotencyKeyId): Promise<StoredRequest | undefined> {
    const row = await firstRow(
      m,
      `SELECT request_hash, status_code, response_body_enc FROM idempotency_keys
          WHERE scope = $1 AND route = $2 AND key = $3`,
      [id.scope, id.route, id.key],
    );
    if (!row) return undefined;
    const r = STORED.parse(row);
    return { requestHash: r.request_hash, statusCode: r.status_code, responseBodyEnc: r.response_body_enc };
  }

  /** Stores the answer of the key's first request. */
  async saveAnswer(
    m: Queryable,
    id: IdempotencyKeyId,
    statusCode: number,
    sealedBody: string,
  ): Promise<void> {
    await run(m, {
      text: `UPDATE idempotency_keys SET status_code = $4, response_body_enc = $5
        WHERE scope = $1 AND route = $2 AND key = $3`,
      values: [id.scope, id.route, id.key, statusCode, sealedBody],
    });
  }

  /** Deletes every expired key; how many. */
  purgeExpired(q: Queryable): Promise<number> {
    return changedCount(q, `DELETE FROM idempotency_keys WHERE expires_at <= now()`, []);
  }
}
