import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  Column,
  firstRow,
  ident,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  SqlValue,
} from '../../../platform/database';
import { ACCOUNT_CHANGE_DATA } from '../identity.personal-data';
import { ACCOUNT_CHANGE_KINDS, AccountChangeKind } from './account-changes.dto';

/** The kind column, checked against the kinds this code knows. */
const KIND: Column<AccountChangeKind> = {
  kind: 'account change kind',
  nullable: false,
  check: (v): v is AccountChangeKind => (ACCOUNT_CHANGE_KINDS as readonly unknown[]).includes(v),
};

const CHANGE = rowShape('account change', {
  id: col.uuid(),
  kind: KIND,
  status: col.text(),
  target_user_id: col.uuid(),
  requested_by: col.uuid(),
  roles: col.textArray(),
  email_enc: col.text().orNull(),
  created_at: col.time(),
  expires_at: col.time(),
  expired: col.bool().as('({a}.expires_at <= now())'),
});

const REQUESTED = rowShape('requested account change', {
  id: col.uuid(),
  kind: KIND,
  status: col.text(),
});

/** An account change with its new e-mail decrypted. */
export interface AccountChange {
  id: string;
  kind: AccountChangeKind;
  status: string;
  targetUserId: string;
  requestedBy: string;
  roles: string[];
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** Past its time (its status may still say pending). */
  expired: boolean;
}

/** The account_changes table. */
@Injectable()
export class AccountChangeRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
  ) {}

  /** Marks the user's pending changes whose time is up as expired. */
  async expireDueOf(m: Queryable, userId: string): Promise<void> {
    await m.query(
      `UPDATE account_changes SET status = 'expired'
        WHERE target_user_id = $1 AND status = 'pending' AND expires_at <= now()`,
      [userId],
    );
  }

  /** Marks one change expired if it is pending and its time is up (in its own statement). */
  async expireIfDue(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE account_changes SET status = 'expired'
        WHERE id = $1 AND status = 'pending' AND expires_at <= now()`,
      [id],
    );
  }

  /**
   * Records a pending change, or adds to the pending one of the same kind for the same user (roles add
   * up, the latest e-mail wins, the latest requester asks).
   */
  async requestPending(
    m: Queryable,
    input: {
      kind: AccountChangeKind;
      userId: string;
      requestedBy: string;
      roles: string[];
      email: string | null;
      ttlDays: number;
    },
  ): Promise<{ id: string; kind: AccountChangeKind; status: string }> {
    const columns: Record<string, SqlValue> = {
      kind: input.kind,
      target_user_id: input.userId,
      requested_by: input.requestedBy,
      roles: input.roles,
      ...ACCOUNT_CHANGE_DATA.sealInsert(this.crypto, { email: input.email }),
    };
    const p = new PositionalParams();
    const values = Object.values(columns).map((v) => p.add(v));
    const raw = await firstRow(
      m,
      `INSERT INTO account_changes (${Object.keys(columns).map(ident).join(', ')}, expires_at)
       VALUES (${values.join(', ')}, now() + make_interval(days => ${p.add(input.ttlDays)}))
       ON CONFLICT (target_user_id, kind) WHERE status = 'pending' DO UPDATE
         SET roles = ARRAY(SELECT DISTINCT unnest(account_changes.roles || EXCLUDED.roles)),
             email_enc = COALESCE(EXCLUDED.email_enc, account_changes.email_enc),
             requested_by = EXCLUDED.requested_by
       RETURNING ${REQUESTED.columns()}`,
      p.values,
    );
    if (raw === undefined) throw new Error('account change insert returned nothing');
    const r = REQUESTED.parse(raw);
    return { id: r.id, kind: r.kind, status: r.status };
  }

  /** Pending changes in time that this user neither asked for nor is the subject of, oldest first. */
  async pendingNotConcerning(userId: string, limit: number): Promise<AccountChange[]> {
    const rows = await rowsOf(
      this.dataSource.manager,
      `SELECT ${CHANGE.columns()} FROM account_changes
        WHERE status = 'pending' AND expires_at > now() AND requested_by <> $1 AND target_user_id <> $1
        ORDER BY created_at, id LIMIT $2`,
      [userId, limit],
    );
    return rows.map((raw) => this.toChange(raw));
  }

  /** One change, locked. */
  async lock(m: Queryable, id: string): Promise<AccountChange | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${CHANGE.columns()} FROM account_changes WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return raw === undefined ? undefined : this.toChange(raw);
  }

  async markRejected(m: Queryable, id: string, decidedBy: string): Promise<void> {
    await m.query(
      `UPDATE account_changes SET status = 'rejected', decided_by = $2, decided_at = now() WHERE id = $1`,
      [id, decidedBy],
    );
  }

  /** Confirmed: the new e-mail it held is no longer kept. */
  async markConfirmed(m: Queryable, id: string, decidedBy: string): Promise<void> {
    await m.query(
      `UPDATE account_changes SET status = 'confirmed', decided_by = $2, decided_at = now(), email_enc = NULL
        WHERE id = $1`,
      [id, decidedBy],
    );
  }

  private toChange(raw: unknown): AccountChange {
    const r = CHANGE.parse(raw);
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      targetUserId: r.target_user_id,
      requestedBy: r.requested_by,
      roles: r.roles,
      email: ACCOUNT_CHANGE_DATA.openOne(this.crypto, 'email', r.email_enc),
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      expired: r.expired,
    };
  }
}
