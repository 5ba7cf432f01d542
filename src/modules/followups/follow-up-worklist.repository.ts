import { Injectable } from '@nestjs/common';
import { col, PositionalParams, Queryable, rowShape, rowsOf, SqlValue } from '../../platform/database';
import { Page, pageOf } from '../../platform/http';
import { AccessService } from '../access';
import type { AccessUser } from '../access';
import type { DueRange } from './domain/worklist-window';

export type WorklistScope = 'mine' | 'organization';

/** A worklist statement: SQL with $n placeholders and its values. */
export interface WorklistStatement {
  sql: string;
  params: SqlValue[];
}

const WORKLIST = rowShape('worklist line', {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  kind: col.text(),
  due_at: col.time(),
  assignee_id: col.uuid().orNull(),
  status: col.text(),
  risk_level: col.text().orNull(),
  /** due_at as PostgreSQL's own text, for the cursor (no precision lost). */
  due_text: col.text(),
});

/** A line of the worklist: an open follow-up and its case's risk level. */
export interface WorklistLine {
  id: string;
  caseId: string;
  reference: string;
  kind: string;
  dueAt: Date;
  assigneeId: string | null;
  status: string;
  riskLevel: string | null;
}

export interface WorklistPageQuery {
  scope: WorklistScope;
  range: DueRange;
  /** The cursor's values: due_at as text and the id. */
  after: readonly string[] | undefined;
  limit: number;
}

/**
 * The worklist's read of follow_ups (docs/DESIGN.md §5), joined to the cases module's read model
 * case_facts for the risk level and the case.read filter.
 */
@Injectable()
export class FollowUpWorklistRepository {
  constructor(private readonly access: AccessService) {}

  /**
   * THE worklist SQL (bench/worklist runs it bare beside the HTTP route). Open follow-ups only, ordered by
   * (due_at, id), the window and the cursor as range conditions on the index's own columns, so PostgreSQL
   * reads one index range in order and stops after `limit` rows:
   * - scope `mine`: `f.assignee_id = $1` → partial index follow_ups_mine_idx (assignee_id, due_at, id)
   *   WHERE status = 'open';
   * - scope `organization`: `f.organization_id = $1` → partial index follow_ups_organization_idx
   *   (organization_id, due_at, id) WHERE status = 'open'.
   * Each row is then joined to its case's facts (case_facts, a view over the cases' primary key) and kept
   * only when case.read allows it (AccessService.filter on alias c): a restricted case's follow-ups stay
   * hidden.
   */
  worklistStatement(
    user: AccessUser,
    scope: WorklistScope,
    range: DueRange,
    after: readonly string[] | undefined,
    limit: number,
  ): WorklistStatement {
    const params = new PositionalParams();
    const where = [
      "f.status = 'open'",
      scope === 'mine'
        ? `f.assignee_id = ${params.add(user.id)}::uuid`
        : `f.organization_id = ${params.add(user.organizationId)}::uuid`,
    ];
    if (range.from) where.push(`f.due_at >= ${params.add(range.from)}::timestamptz`);
    if (range.to) where.push(`f.due_at < ${params.add(range.to)}::timestamptz`);
    if (after) {
      where.push(
        `(f.due_at, f.id) > (${params.add(after[0] ?? '')}::timestamptz, ${params.add(after[1] ?? '')}::uuid)`,
      );
    }
    // follow_up.list ([isAssignee] or [isSupervisor]) is what the scope condition above already says
    // (mine: assigned to me; organization: a supervisor's own organisation, checked by the service). Its
    // compiled OR is left out: it turns the one ordered index range into a BitmapOr and a sort.
    const caseFilter = this.access.filter(user, 'case.read', 'case', {
      alias: 'c',
      firstParam: params.values.length + 1,
    });
    where.push(`(${caseFilter.sql})`);
    const values = [...params.values, ...caseFilter.params];
    const tail = new PositionalParams(values.length + 1);
    const sql = `SELECT f.id, f.case_id, f.reference, f.kind, f.due_at, f.assignee_id, f.status,
                        c.risk_level, f.due_at::text AS due_text
                   FROM follow_ups f JOIN case_facts c ON c.id = f.case_id
                  WHERE ${where.join('\n                    AND ')}
                  ORDER BY f.due_at, f.id
                  LIMIT ${tail.add(limit)}`;
    return { sql, params: [...values, ...tail.values] };
  }

  /** A page of the worklist (fetches limit + 1 rows). */
  async page(m: Queryable, user: AccessUser, q: WorklistPageQuery): Promise<Page<WorklistLine>> {
    const s = this.worklistStatement(user, q.scope, q.range, q.after, q.limit + 1);
    const rows = WORKLIST.parseAll(await rowsOf(m, s.sql, s.params));
    return pageOf(
      rows,
      q.limit,
      (r) => [r.due_text, r.id],
      (r) => ({
        id: r.id,
        caseId: r.case_id,
        reference: r.reference,
        kind: r.kind,
        dueAt: r.due_at,
        assigneeId: r.assignee_id,
        status: r.status,
        riskLevel: r.risk_level,
      }),
    );
  }
}
