import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, rowsOf } from '../../platform/database';

const CLAIMED = rowShape('claimed follow-up', {
  id: col.uuid(),
  case_id: col.uuid(),
  organization_id: col.uuid(),
  reference: col.text(),
  kind: col.text(),
  assignee_id: col.uuid().orNull(),
  due_at: col.time(),
  status: col.text(),
  old_stage: col.int(),
});

/** A follow-up whose reminder stage the scan moved; `oldStage` is the stage it had. */
export interface ClaimedFollowUp {
  id: string;
  caseId: string;
  organizationId: string;
  reference: string;
  kind: string;
  assigneeId: string | null;
  dueAt: Date;
  status: string;
  oldStage: number;
}

/**
 * The scheduler's statements over follow_ups (docs/DESIGN.md §5): the periodic reviews it plans and the
 * reminders it claims, each set-based and safe with any number of workers.
 */
@Injectable()
export class FollowUpScheduleRepository {
  /**
   * The periodic reviews, set-based: for up to `limit` cases not closed nor merged (read through the cases module's
   * case_facts) without an open case_review, one due `everyDays` after the latest done review's
   * completion (else the case's opening), for the case's assignee. The unique index
   * follow_ups_open_review_uq makes two runs at once make each review once. How many were made.
   */
  async planReviews(m: Queryable, everyDays: number, limit: number): Promise<number> {
    const rows = await rowsOf(
      m,
      `WITH due AS (
         SELECT c.id, c.reference, c.organization_id, c.assignee_id,
                COALESCE((SELECT max(r.completed_at) FROM follow_ups r
                           WHERE r.case_id = c.id AND r.kind = 'case_review' AND r.status = 'done'),
                         c.opened_at) + make_interval(days => $1::int) AS due_at
           FROM case_facts c
          WHERE c.status NOT IN ('closed', 'merged')
            AND NOT EXISTS (SELECT 1 FROM follow_ups o
                             WHERE o.case_id = c.id AND o.kind = 'case_review' AND o.status = 'open')
          LIMIT $2
       )
       INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id,
                               reminder_stage, next_reminder_at, source_key)
       SELECT id, reference, organization_id, 'case_review', due_at, assignee_id, 0, due_at,
              'case:' || id || ':case_review:' || (extract(epoch FROM due_at) * 1000)::bigint
         FROM due
       ON CONFLICT DO NOTHING RETURNING id`,
      [everyDays, limit],
    );
    return rows.length;
  }

  /**
   * The scan's claim: up to `limit` follow-ups whose next reminder is due (others' locks skipped). Stage
   * 0 → 1 (the due reminder), next at dueAt + the kind's overdue hours; stage 1 → 2 (the escalation),
   * nothing next. One no longer open only loses its next_reminder_at. version and updated_at stay: the
   * scan is no change of a person's, and must not fail their version check.
   */
  async claimReminders(
    m: Queryable,
    q: { limit: number; overdueHoursByKind: Record<string, number>; overdueHours: number },
  ): Promise<ClaimedFollowUp[]> {
    const kinds = Object.keys(q.overdueHoursByKind);
    const hours = kinds.map((k) => q.overdueHoursByKind[k] ?? q.overdueHours);
    const rows = await rowsOf(
      m,
      `WITH due AS (
         SELECT id, reminder_stage AS old_stage FROM follow_ups
          WHERE next_reminder_at <= now()
          ORDER BY next_reminder_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), moved AS (
         UPDATE follow_ups f
            SET reminder_stage = CASE
                  WHEN f.status <> 'open' THEN f.reminder_stage
                  WHEN due.old_stage = 0 THEN 1
                  ELSE 2 END,
                next_reminder_at = CASE
                  WHEN f.status = 'open' AND due.old_stage = 0 THEN f.due_at + COALESCE(
                    (SELECT h.hours FROM unnest($2::text[], $3::float8[]) AS h(kind, hours) WHERE h.kind = f.kind),
                    $4::float8) * interval '1 hour'
                  ELSE NULL END
           FROM due WHERE f.id = due.id
         RETURNING f.id, f.case_id, f.organization_id, f.reference, f.kind, f.assignee_id, f.due_at, f.status,
                   due.old_stage
       )
       SELECT * FROM moved`,
      [q.limit, kinds, hours, q.overdueHours],
    );
    return CLAIMED.parseAll(rows).map((f) => ({
      id: f.id,
      caseId: f.case_id,
      organizationId: f.organization_id,
      reference: f.reference,
      kind: f.kind,
      assigneeId: f.assignee_id,
      dueAt: f.due_at,
      status: f.status,
      oldStage: f.old_stage,
    }));
  }
}
