import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../platform/crypto';
import { col, firstRow, Queryable, rowShape, rowsOf } from '../../platform/database';
import { BREAK_GLASS_GRANT_DATA } from './access.personal-data';

/** A grant as other modules see it: ids and times, never the reason. */
export interface BreakGlassGrant {
  id: string;
  userId: string;
  caseId: string;
  organizationId: string;
  grantedAt: Date;
  expiresAt: Date;
}

const GRANT = rowShape('break_glass_grants', {
  id: col.uuid(),
  user_id: col.uuid(),
  case_id: col.uuid(),
  organization_id: col.uuid(),
  granted_at: col.time(),
  expires_at: col.time(),
});

const ENDED = rowShape('break_glass_grants', { id: col.uuid(), case_id: col.uuid() });
const EXISTS = rowShape('exists', { active: col.bool() });

const grantOf = (raw: unknown): BreakGlassGrant => {
  const r = GRANT.parse(raw);
  return {
    id: r.id,
    userId: r.user_id,
    caseId: r.case_id,
    organizationId: r.organization_id,
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
  };
};

const ACTIVE = `expires_at > now() AND revoked_at IS NULL`;

/** break_glass_grants: the grants, their encrypted reasons, and which are active now. */
@Injectable()
export class BreakGlassGrantRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** Serialises grants of one (user, case) until the transaction ends, also when two requests race. */
  async lockUserCase(m: Queryable, userId: string, caseId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `break_glass:${userId}:${caseId}`,
    ]);
  }

  /** A new grant lasting `hours` from now, its reason encrypted. */
  async insert(
    m: Queryable,
    g: { userId: string; caseId: string; organizationId: string; reasonText: string; hours: number },
  ): Promise<BreakGlassGrant> {
    const sealed = BREAK_GLASS_GRANT_DATA.sealInsert(this.crypto, { reasonText: g.reasonText });
    const row = await firstRow(
      m,
      `INSERT INTO break_glass_grants (user_id, case_id, organization_id, reason_text_enc, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5::int))
       RETURNING ${GRANT.columns()}`,
      [g.userId, g.caseId, g.organizationId, sealed.reason_text_enc ?? null, g.hours],
    );
    if (!row) throw new Error('break-glass grant not written');
    return grantOf(row);
  }

  /** The user's active grant for the case (the latest to expire), if any. */
  async findActive(m: Queryable, userId: string, caseId: string): Promise<BreakGlassGrant | null> {
    const row = await firstRow(
      m,
      `SELECT ${GRANT.columns()} FROM break_glass_grants
        WHERE user_id = $1 AND case_id = $2 AND ${ACTIVE}
        ORDER BY expires_at DESC LIMIT 1`,
      [userId, caseId],
    );
    return row === undefined ? null : grantOf(row);
  }

  /** Whether the user holds an active grant for the case in this organisation (hasBreakGlass). */
  async isActive(m: Queryable, userId: string, caseId: string, organizationId: string): Promise<boolean> {
    const row = await firstRow(
      m,
      `SELECT EXISTS (SELECT 1 FROM break_glass_grants
                       WHERE user_id = $1 AND case_id = $2 AND organization_id = $3 AND ${ACTIVE}) AS active`,
      [userId, caseId, organizationId],
    );
    return row !== undefined && EXISTS.parse(row).active;
  }

  /** Ends the user's active grants now (of one case, or all); the ended grants, by id. */
  async revokeActive(
    m: Queryable,
    userId: string,
    caseId: string | undefined,
  ): Promise<{ id: string; caseId: string }[]> {
    const rows = await rowsOf(
      m,
      `WITH ended AS (
         UPDATE break_glass_grants SET revoked_at = now()
          WHERE user_id = $1 AND ($2::uuid IS NULL OR case_id = $2) AND ${ACTIVE}
          RETURNING id, case_id)
       SELECT id, case_id FROM ended ORDER BY id`,
      [userId, caseId ?? null],
    );
    return ENDED.parseAll(rows).map((r) => ({ id: r.id, caseId: r.case_id }));
  }
}
