import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../../platform/database';
import { Actor, DomainError } from '../../platform/http';
import { AuditService } from '../audit';
import { BreakGlassGrant, BreakGlassGrantRepository } from './break-glass-grant.repository';
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

export type { BreakGlassGrant } from './break-glass-grant.repository';

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
    private readonly grants: BreakGlassGrantRepository,
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
    await this.grants.lockUserCase(manager, req.user.id, req.caseId);
    const active = await this.activeGrant(req.user.id, req.caseId, { manager });
    if (active) {
      throw new DomainError('BREAK_GLASS_ALREADY_ACTIVE', { expiresAt: active.expiresAt.toISOString() });
    }
    const grant = await this.grants.insert(manager, {
      userId: req.user.id,
      caseId: req.caseId,
      organizationId: req.organizationId,
      reasonText: req.reasonText.trim(),
      hours: BREAK_GLASS_HOURS,
    });
    await this.audit.record(manager, {
      action: 'access.break_glass_granted',
      actor: req.actor.user,
      entityType: 'break_glass_grant',
      entityId: grant.id,
      caseId: req.caseId,
      reasonCode: 'break_glass',
      reasonText: req.reasonText.trim(),
      requestId: req.actor.requestId,
    });
    return grant;
  }

  /** The user's active grant for the case, if any. */
  async activeGrant(
    userId: string,
    caseId: string,
    opts: { manager?: Queryable } = {},
  ): Promise<BreakGlassGrant | null> {
    return this.grants.findActive(opts.manager ?? this.dataSource.manager, userId, caseId);
  }

  /**
   * Whether the user holds an active grant for the case in this organisation: the fact behind the
   * condition hasBreakGlass (its SQL form is the same EXISTS).
   */
  async isActive(
    userId: string,
    caseId: string,
    organizationId: string,
    opts: { manager?: Queryable } = {},
  ): Promise<boolean> {
    return this.grants.isActive(opts.manager ?? this.dataSource.manager, userId, caseId, organizationId);
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
    const ended = await this.grants.revokeActive(manager, req.userId, req.caseId);
    for (const r of ended) {
      await this.audit.record(manager, {
        action: 'access.break_glass_revoked',
        actor: req.actor?.user ?? null,
        entityType: 'break_glass_grant',
        entityId: r.id,
        caseId: r.caseId,
        reasonCode: req.reasonCode,
        requestId: req.actor?.requestId,
      });
    }
    return ended.length;
  }
}
