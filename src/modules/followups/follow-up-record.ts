import { EntityManager } from 'typeorm';
import { DomainError } from '../../platform/http';
import type { AccessRecord } from '../access';

/** A follow_ups row as the services read it. */
export interface FollowUpRow {
  id: string;
  case_id: string;
  reference: string;
  organization_id: string;
  kind: string;
  due_at: Date;
  assignee_id: string | null;
  note_enc: string | null;
  status: string;
  completed_at: Date | null;
  completed_by: string | null;
  outcome: string | null;
  created_by: string | null;
  created_at: Date;
  version: number;
}

export const FOLLOW_UP_COLUMNS = `id, case_id, reference, organization_id, kind, due_at, assignee_id, note_enc,
  status, completed_at, completed_by, outcome, created_by, created_at, version`;

/** The follow-up, or DomainError NOT_FOUND. `lock` takes a row lock in the caller's transaction. */
export async function loadFollowUp(m: EntityManager, id: string, lock = false): Promise<FollowUpRow> {
  const [row] = await m.query<FollowUpRow[]>(
    `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

/** The fields follow_up.* rules read (follow-up.resource.ts). */
export const followUpAccessRecord = (r: FollowUpRow): AccessRecord => ({
  id: r.id,
  caseId: r.case_id,
  organizationId: r.organization_id,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  status: r.status,
});
