import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Queryable } from '../../platform/database';
import { Actor, DomainError, Page } from '../../platform/http';
import { PINO } from '../../platform/logging';
import { ACTOR_NAMES, ActorNames, WorkName } from './actor-names';
import { AuditEventRepository, TrailFilter } from './audit-event.repository';
import { AuditRowRecord, toUnsealedRow } from './audit-rows';
import { AuditService } from './audit.service';
import { AuditVerification, AuditVerifier } from './audit-verifier';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, AuditQueryDto } from './dto/audit-query.dto';
import { AuditEventDto, AuditPageDto } from './dto/audit-event.dto';
import './audit.errors';

/** One line of a case's access log: who did what to the file, and when. */
export interface CaseAccessEntry {
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorDisplayName: string | null;
  actorRoles: string[];
  action: string;
  outcome: string;
  reasonCode: string | null;
}

/** Newest first; pass nextCursor back as cursor for the next (older) page (null on the last page). */
export type CaseAccessPage = Page<CaseAccessEntry>;

const CURSOR = /^[1-9]\d{0,17}$/;

/**
 * What an auditor's search was about, for its own `audit.read` row: the case, record or user whose trail
 * was read (ids only). Never case_id: the read would then show up in the case's own trail and access log,
 * and every page of it would add to it.
 */
function subjectOf(q: AuditQueryDto): { entityType: string; entityId?: string } {
  if (q.caseId !== undefined) return { entityType: 'case', entityId: q.caseId };
  if (q.entityType !== undefined)
    return { entityType: q.entityType, ...(q.entityId !== undefined ? { entityId: q.entityId } : {}) };
  if (q.actorId !== undefined) return { entityType: 'user', entityId: q.actorId };
  return { entityType: 'audit_trail' };
}

/**
 * Reading the trail: the auditor's search (itself audited as `audit.read`), the verification for the
 * auditor, and the case access log other modules show through the index (no entity leaves the module).
 */
@Injectable()
export class AuditTrailService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly verifier: AuditVerifier,
    private readonly events: AuditEventRepository,
    @Inject(PINO) private readonly logger: Logger,
    @Optional() @Inject(ACTOR_NAMES) private readonly actorNames?: ActorNames,
  ) {}

  /** The auditor's search, newest first; the read is recorded in the same transaction. */
  async search(actor: Actor, q: AuditQueryDto): Promise<AuditPageDto> {
    if (q.entityId !== undefined && q.entityType === undefined) {
      throw new DomainError('AUDIT_ENTITY_TYPE_REQUIRED', { field: 'entityType' }, [
        { field: 'entityType', problems: ['entityType is required with entityId'] },
      ]);
    }
    if (q.from !== undefined && q.to !== undefined && Date.parse(q.from) >= Date.parse(q.to)) {
      throw new DomainError('AUDIT_PERIOD_INVALID', { field: 'to' }, [
        { field: 'to', problems: ['to must come after from'] },
      ]);
    }
    const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
    const filter: TrailFilter = {
      actorId: q.actorId,
      entityType: q.entityType,
      entityId: q.entityId,
      caseId: q.caseId,
      from: q.from,
      to: q.to,
      beforeId: q.cursor,
    };

    return this.dataSource.transaction(async (m) => {
      const page = await this.page(m, filter, limit);
      const names = await this.namesOf(page.rows);
      await this.audit.record(m, {
        action: 'audit.read',
        actor: actor.user,
        ...subjectOf(q),
        requestId: actor.requestId,
      });
      return {
        items: page.rows.map((r) => this.toDto(r, names)),
        nextCursor: page.nextCursor,
      };
    });
  }

  /** The chain verification, for the auditor; recorded as `audit.verify` (with the fault, if any). */
  async verifyFor(actor: Actor): Promise<AuditVerification> {
    const result = await this.verifier.verify();
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'audit.verify',
        actor: actor.user,
        // A broken chain is recorded with its fault (a code) and the first row that does not verify.
        ...(result.firstBadId
          ? { entityType: 'audit_event', entityId: result.firstBadId }
          : { entityType: 'audit_trail' }),
        ...(result.fault ? { reasonCode: result.fault } : {}),
        requestId: actor.requestId,
      }),
    );
    return result;
  }

  /**
   * Who has done what to a case's file, newest first (the case module's access log). The caller decides
   * who may see it, and records that read itself.
   */
  async listForCase(caseId: string, opts: { cursor?: string; limit?: number } = {}): Promise<CaseAccessPage> {
    if (opts.cursor !== undefined && !CURSOR.test(opts.cursor)) {
      throw new DomainError('AUDIT_QUERY_INVALID', { field: 'cursor' }, [
        { field: 'cursor', problems: ['cursor must be the nextCursor of a previous page'] },
      ]);
    }
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? AUDIT_PAGE_DEFAULT), 1), AUDIT_PAGE_MAX);
    const page = await this.page(this.dataSource.manager, { caseId, beforeId: opts.cursor }, limit);
    const names = await this.namesOf(page.rows);
    return {
      items: page.rows.map((r) => ({
        at: r.at,
        actorId: r.actor_id,
        actorUsername: (r.actor_id && names.get(r.actor_id)?.username) ?? null,
        actorDisplayName: (r.actor_id && names.get(r.actor_id)?.displayName) ?? null,
        actorRoles: r.actor_roles,
        action: r.action,
        outcome: r.outcome,
        reasonCode: r.reason_code,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** A page newest first; the cursor is the last shown row's id (decimal text). */
  private async page(
    m: Queryable,
    filter: TrailFilter,
    limit: number,
  ): Promise<{ rows: AuditRowRecord[]; nextCursor: string | null }> {
    const rows = await this.events.pageNewestFirst(m, filter, limit + 1);
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    return { rows: shown, nextCursor: more ? (shown.at(-1)?.id ?? null) : null };
  }

  /** The work names of the actors of a page (one query; the users table is identity's). */
  private async namesOf(rows: readonly AuditRowRecord[]): Promise<Map<string, WorkName>> {
    if (!this.actorNames) return new Map();
    return this.actorNames.workNamesOf(rows.map((r) => r.actor_id).filter((id): id is string => id !== null));
  }

  private toDto(r: AuditRowRecord, names: Map<string, WorkName>): AuditEventDto {
    const { reasonTextEnc: _ciphertext, ...recorded } = toUnsealedRow(r);
    return {
      ...recorded,
      actorDisplayName: (r.actor_id && names.get(r.actor_id)?.displayName) ?? null,
      actorRoles: [...recorded.actorRoles],
      reasonText: this.reasonText(r),
      sealed: r.hash !== null,
    };
  }

  private reasonText(r: AuditRowRecord): string | null {
    try {
      return this.events.reasonTextOf(r);
    } catch (err) {
      // A key removed from the ring: show the row without its reason rather than fail the whole page.
      this.logger.warn(
        { part: 'audit', auditEventId: r.id, err: err instanceof Error ? err.name : 'unknown' },
        'an audit reason could not be decrypted',
      );
      return null;
    }
  }
}
