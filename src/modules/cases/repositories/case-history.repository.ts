import { Injectable } from '@nestjs/common';
import { col, insertStatement, Queryable, rowShape, rowsOf, run } from '../../../platform/database';

/** A risk assessment as the history shows it: level and score, never the answers. */
export interface RiskAssessmentEntry {
  id: string;
  level: string;
  score: number;
  assessedAt: Date;
  assessedBy: string;
}

const ASSESSMENT = rowShape('risk_assessments (history)', {
  id: col.uuid(),
  level: col.text(),
  score: col.int(),
  assessed_at: col.time(),
  assessed_by: col.uuid(),
});

/**
 * The case's histories that hold no personal data: who it was assigned to (table case_assignments) and
 * the levels of its risk assessments.
 */
@Injectable()
export class CaseHistoryRepository {
  /** One step of the assignment history; a null assignee (and assigner) returns the case to the queue. */
  async recordAssignment(
    m: Queryable,
    a: { caseId: string; assigneeId: string | null; assignedBy: string | null },
  ): Promise<void> {
    await run(
      m,
      insertStatement('case_assignments', {
        case_id: a.caseId,
        assignee_id: a.assigneeId,
        assigned_by: a.assignedBy,
      }),
    );
  }

  /** The case's risk assessments, newest first. */
  async riskAssessmentsOf(m: Queryable, caseId: string): Promise<RiskAssessmentEntry[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${ASSESSMENT.columns()} FROM risk_assessments WHERE case_id = $1
        ORDER BY assessed_at DESC, id DESC`,
      [caseId],
    );
    return ASSESSMENT.parseAll(rows).map((r) => ({
      id: r.id,
      level: r.level,
      score: r.score,
      assessedAt: r.assessed_at,
      assessedBy: r.assessed_by,
    }));
  }
}
