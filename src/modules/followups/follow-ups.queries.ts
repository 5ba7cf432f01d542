import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, decodeCursor, DomainError } from '../../platform/http';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { dueRange } from './domain/worklist-window';
import { WorklistDto, WorklistQuery } from './dto/follow-up.dto';
import { FollowUpWorklistRepository } from './follow-up-worklist.repository';
import './followups.errors';

export type { WorklistScope, WorklistStatement } from './follow-up-worklist.repository';

const PAGE_DEFAULT = 50;
const SUPERVISOR = 'supervisor';

/**
 * The worklist (docs/DESIGN.md §5): open follow-ups, mine or (supervisors) my organisation's, in a window of
 * Hanoi days, by due time, keyset-paginated. Each row carries its case's risk level and the survivor's
 * safe contact (issue 14: the counsellor calls from the list), personal data: the read is audited as
 * GET /follow-ups/:id is, one row per case shown, in one transaction with the read.
 */
@Injectable()
export class FollowUpsQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cases: CaseSharingService,
    private readonly worklistRows: FollowUpWorklistRepository,
  ) {}

  async worklist(actor: Actor, query: WorklistQuery, now = new Date()): Promise<WorklistDto> {
    const scope = query.scope ?? 'mine';
    if (scope === 'organization' && !actor.user.roles.includes(SUPERVISOR)) {
      await this.refuse(actor);
    }
    const page = await this.worklistRows.page(this.dataSource.manager, actor.user, {
      scope,
      range: dueRange(query.due, now),
      after: decodeCursor(query.cursor, 2),
      limit: query.limit ?? PAGE_DEFAULT,
    });
    const caseIds = [...new Set(page.items.map((r) => r.caseId))];
    const contacts = await this.dataSource.transaction(async (m) => {
      const found = await this.cases.safeContactsOf(caseIds, m);
      await this.audit.recordMany(
        m,
        caseIds.map((caseId) => ({
          action: 'follow_up.worklist_read',
          actor: actor.user,
          entityType: 'case',
          entityId: caseId,
          caseId,
          requestId: actor.requestId,
        })),
      );
      return found;
    });
    return {
      items: page.items.map((r) => ({
        id: r.id,
        caseId: r.caseId,
        reference: r.reference,
        kind: r.kind,
        dueAt: r.dueAt.toISOString(),
        assigneeId: r.assigneeId,
        status: r.status,
        riskLevel: r.riskLevel,
        safeContact: contacts.get(r.caseId) ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** scope=organization asked by someone who is not a supervisor: 403, audited. */
  private async refuse(actor: Actor): Promise<never> {
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'follow_up',
        reasonCode: 'follow_up.list',
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FOLLOW_UP_SCOPE_NOT_ALLOWED', { field: 'scope' });
  }
}
