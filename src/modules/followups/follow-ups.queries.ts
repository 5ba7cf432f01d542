import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, decodeCursor, DomainError, encodeCursor } from '../../platform/http';
import type { AccessUser } from '../access';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { dueRange, DueRange } from './domain/worklist-window';
import { WorklistDto, WorklistQuery } from './dto/follow-up.dto';
import './followups.errors';

const PAGE_DEFAULT = 50;
const SUPERVISOR = 'supervisor';

export type WorklistScope = 'mine' | 'organization';

/** A worklist statement: SQL with $n placeholders and its values. */
export interface WorklistStatement {
  sql: string;
  params: unknown[];
}

interface WorklistRow {
  id: string;
  case_id: string;
  reference: string;
  kind: string;
  due_at: Date;
  assignee_id: string | null;
  status: string;
  risk_level: string | null;
  /** due_at as PostgreSQL's own text, for the cursor (no precision lost). */
  due_text: string;
}

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
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseSharingService,
  ) {}

  async worklist(actor: Actor, query: WorklistQuery, now = new Date()): Promise<WorklistDto> {
    const scope = query.scope ?? 'mine';
    if (scope === 'organization' && !actor.user.roles.includes(SUPERVISOR)) {
      await this.refuse(actor);
    }
    const limit = query.limit ?? PAGE_DEFAULT;
    const after = decodeCursor(query.cursor, 2);
    const statement = this.worklistStatement(actor.user, scope, dueRange(query.due, now), after, limit + 1);
    const rows = await this.dataSource.query<WorklistRow[]>(statement.sql, statement.params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const caseIds = [...new Set(page.map((r) => r.case_id))];
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
      items: page.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        reference: r.reference,
        kind: r.kind,
        dueAt: r.due_at.toISOString(),
        assigneeId: r.assignee_id,
        status: r.status,
        riskLevel: r.risk_level,
        safeContact: contacts.get(r.case_id) ?? null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.due_text, last.id]) : null,
    };
  }

  /**
   * THE worklist SQL (bench/worklist runs it bare beside the HTTP route). Open follow-ups only, ordered by
   * (due_at, id), the window and the cursor as range conditions on the index's own columns, so PostgreSQL
   * reads one index range in order and stops after `limit` rows:
   * - scope `mine`: `f.assignee_id = $1` → partial index follow_ups_mine_idx (assignee_id, due_at, id)
   *   WHERE status = 'open';
   * - scope `organization`: `f.organization_id = $1` → partial index follow_ups_organization_idx
   *   (organization_id, due_at, id) WHERE status = 'open'.
   * Each row is then joined to its case (cases_pkey) and kept only when case.read allows it
   * (AccessService.filter on alias c): a restricted case's follow-ups stay hidden.
   */
  worklistStatement(
    user: AccessUser,
    scope: WorklistScope,
    range: DueRange,
    after: readonly string[] | undefined,
    limit: number,
  ): WorklistStatement {
    const params: unknown[] = [];
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [
      "f.status = 'open'",
      scope === 'mine'
        ? `f.assignee_id = ${add(user.id)}::uuid`
        : `f.organization_id = ${add(user.organizationId)}::uuid`,
    ];
    if (range.from) where.push(`f.due_at >= ${add(range.from)}::timestamptz`);
    if (range.to) where.push(`f.due_at < ${add(range.to)}::timestamptz`);
    if (after) where.push(`(f.due_at, f.id) > (${add(after[0])}::timestamptz, ${add(after[1])}::uuid)`);
    // follow_up.list ([isAssignee] or [isSupervisor]) is what the scope condition above already says
    // (mine: assigned to me; organization: a supervisor's own organisation, checked in worklist()). Its
    // compiled OR is left out: it turns the one ordered index range into a BitmapOr and a sort.
    const caseFilter = this.access.filter(user, 'case.read', 'case', {
      alias: 'c',
      firstParam: params.length + 1,
    });
    params.push(...caseFilter.params);
    where.push(`(${caseFilter.sql})`);
    const sql = `SELECT f.id, f.case_id, f.reference, f.kind, f.due_at, f.assignee_id, f.status,
                        c.risk_level, f.due_at::text AS due_text
                   FROM follow_ups f JOIN cases c ON c.id = f.case_id
                  WHERE ${where.join('\n                    AND ')}
                  ORDER BY f.due_at, f.id
                  LIMIT ${add(limit)}`;
    return { sql, params };
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
