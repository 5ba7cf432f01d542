import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { AuditService } from '../audit';
import { BREAK_GLASS_REASON_CONTEXT } from './access.crypto';
import type { AccessUser } from './domain/access-record';
import './access.errors';

/** How long a grant lasts (docs/DESIGN.md §7). */
export const BREAK_GLASS_HOURS = 4;
/** The shortest reason accepted, in characters (after trimming). */
export const BREAK_GLASS_REASON_MIN = 20;

export interface BreakGlassRequest {
  /** Who gets the grant: the counsellor covering for a colleague. */
  user: AccessUser;
  caseId: string;
  /** The organisation holding the case. */
  organizationId: string;
  /** Whether the case is restricted: a restricted case is never opened by break-glass. */
  restricted: boolean;
  /** Why, in the user's words: may name people, so it is stored encrypted. */
  reasonText: string;
  /** Who asks, and the request id, for the audit trail. */
  actor: Actor;
}

/** A grant as other modules see it: ids and times, never the reason. */
export interface BreakGlassGrant {
  id: string;
  userId: string;
  caseId: string;
  organizationId: string;
  grantedAt: Date;
  expiresAt: Date;
}

interface GrantRow {
  id: string;
  user_id: string;
  case_id: string;
  organization_id: string;
  granted_at: Date;
  expires_at: Date;
}

const toGrant = (r: GrantRow): BreakGlassGrant => ({
  id: r.id,
  userId: r.user_id,
  caseId: r.case_id,
  organizationId: r.organization_id,
  grantedAt: r.granted_at,
  expiresAt: r.expires_at,
});

const ACTIVE = `expires_at > now() AND revoked_at IS NULL`;

/**
 * Break-glass grants (docs/DESIGN.md §7): a counsellor opens a case of their own organisation that is not
 * assigned to them, with a written reason, for 4 hours; never across organisations, never a restricted
 * case. The case module decides who may ask (rule case.break_glass), calls grant() in its transaction,
 * and writes its own event (the supervisors are told); the grant is audited here, with the reason
 * encrypted. The condition hasBreakGlass reads active grants.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  /** Grants break-glass inside the caller's transaction. */
  async grant(manager: EntityManager, req: BreakGlassRequest): Promise<BreakGlassGrant> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('BreakGlassService.grant must be called inside a transaction');
    }
    if (req.reasonText.trim().length < BREAK_GLASS_REASON_MIN) {
      throw new DomainError('BREAK_GLASS_REASON_TOO_SHORT', {
        field: 'reasonText',
        min: BREAK_GLASS_REASON_MIN,
      });
    }
    if (req.organizationId !== req.user.organizationId)
      throw new DomainError('BREAK_GLASS_OTHER_ORGANIZATION');
    if (req.restricted) throw new DomainError('BREAK_GLASS_RESTRICTED');

    // One grant at a time per (user, case), also when two requests race.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `break_glass:${req.user.id}:${req.caseId}`,
    ]);
    const active = await this.activeGrant(req.user.id, req.caseId, { manager });
    if (active) {
      throw new DomainError('BREAK_GLASS_ALREADY_ACTIVE', { expiresAt: active.expiresAt.toISOString() });
    }
    const [row] = await manager.query<GrantRow[]>(
      `INSERT INTO break_glass_grants (user_id, case_id, organization_id, reason_text_enc, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '${BREAK_GLASS_HOURS} hours')
       RETURNING id, user_id, case_id, organization_id, granted_at, expires_at`,
      [
        req.user.id,
        req.caseId,
        req.organizationId,
        this.crypto.encrypt(req.reasonText.trim(), BREAK_GLASS_REASON_CONTEXT),
      ],
    );
    if (!row) throw new Error('break-glass grant not written');
    await this.audit.record(manager, {
      action: 'access.break_glass_granted',
      actor: req.actor.user,
      entityType: 'break_glass_grant',
      entityId: row.id,
      caseId: req.caseId,
      reasonCode: 'break_glass',
      reasonText: req.reasonText.trim(),
      requestId: req.actor.requestId,
    });
    return toGrant(row);
  }

  /** The user's active grant for the case, if any. */
  async activeGrant(
    userId: string,
    caseId: string,
    opts: { manager?: EntityManager } = {},
  ): Promise<BreakGlassGrant | null> {
    const [row] = await (opts.manager ?? this.dataSource.manager).query<GrantRow[]>(
      `SELECT id, user_id, case_id, organization_id, granted_at, expires_at
         FROM break_glass_grants
        WHERE user_id = $1 AND case_id = $2 AND ${ACTIVE}
        ORDER BY expires_at DESC LIMIT 1`,
      [userId, caseId],
    );
    return row ? toGrant(row) : null;
  }

  /**
   * Whether the user holds an active grant for the case in this organisation: the fact behind the
   * condition hasBreakGlass (its SQL form is the same EXISTS).
   */
  async isActive(
    userId: string,
    caseId: string,
    organizationId: string,
    opts: { manager?: EntityManager } = {},
  ): Promise<boolean> {
    const [row] = await (opts.manager ?? this.dataSource.manager).query<{ active: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM break_glass_grants
                       WHERE user_id = $1 AND case_id = $2 AND organization_id = $3 AND ${ACTIVE}) AS active`,
      [userId, caseId, organizationId],
    );
    return row?.active === true;
  }

  /**
   * Ends the user's active grants now (for one case, or all of them: a disabled user, a case restricted
   * or moved to another organisation). Audited; returns how many ended.
   */
  async revoke(
    manager: EntityManager,
    req: { userId: string; caseId?: string; actor: Actor | null; reasonCode: string },
  ): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('BreakGlassService.revoke must be called inside a transaction');
    }
    // A CTE so the driver answers plain rows (an UPDATE … RETURNING answers [rows, count]).
    const ended = await manager.query<{ id: string; case_id: string }[]>(
      `WITH ended AS (
         UPDATE break_glass_grants SET revoked_at = now()
          WHERE user_id = $1 AND ($2::uuid IS NULL OR case_id = $2) AND ${ACTIVE}
          RETURNING id, case_id)
       SELECT id, case_id FROM ended ORDER BY id`,
      [req.userId, req.caseId ?? null],
    );
    for (const r of ended) {
      await this.audit.record(manager, {
        action: 'access.break_glass_revoked',
        actor: req.actor?.user ?? null,
        entityType: 'break_glass_grant',
        entityId: r.id,
        caseId: r.case_id,
        reasonCode: req.reasonCode,
        requestId: req.actor?.requestId,
      });
    }
    return ended.length;
  }
}
