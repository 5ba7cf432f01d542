import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, rowsOf } from '../../platform/database';

const MOVED = rowShape('follow_ups (transferred)', { id: col.uuid() });

/** The follow-ups' rows that follow a transferred case (table follow_ups). */
@Injectable()
export class FollowUpTransferRepository {
  /**
   * The case's open follow-ups go to the receiving organisation, assigned to the case's new assignee
   * (null: its supervisors assign, as for any follow-up without assignee); the ids moved.
   */
  async moveOpenOfCase(
    m: Queryable,
    caseId: string,
    organizationId: string,
    assigneeId: string | null,
  ): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE follow_ups SET organization_id = $2, assignee_id = $3, version = version + 1,
                         updated_at = now()
                   WHERE case_id = $1 AND status = 'open' RETURNING id)
       SELECT id FROM u ORDER BY id`,
      [caseId, organizationId, assigneeId],
    );
    return MOVED.parseAll(rows).map((r) => r.id);
  }

  /** The case's assignee now (the transfer may have named one), through the cases' read model. */
  async caseAssignee(m: Queryable, caseId: string): Promise<string | null> {
    const rows = await rowsOf(m, `SELECT assignee_id FROM case_facts WHERE id = $1`, [caseId]);
    return (
      rowShape('case_facts (assignee)', { assignee_id: col.uuid().orNull() }).parseAll(rows)[0]
        ?.assignee_id ?? null
    );
  }
}
