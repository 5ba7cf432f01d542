import { EntityManager } from 'typeorm';
import { DomainError } from '../../platform/http';
import type { AccessRecord } from '../access';
import { CaseWorkflow, isCaseState } from './domain/workflow';

/** The columns of a case the file's services decide on (access, workflow, version). */
export interface CaseRecord {
  id: string;
  reference: string;
  organization_id: string;
  status: string;
  assignee_id: string | null;
  restricted: boolean;
  created_by: string;
  opened_at: Date;
  version: number;
  closure_requested_by: string | null;
  closure_reason_code: string | null;
  closure_requested_at: Date | null;
}

const COLUMNS = `id, reference, organization_id, status, assignee_id, restricted, created_by, opened_at, version,
  closure_requested_by, closure_reason_code, closure_requested_at`;

/** The case, or NOT_FOUND; `lock` takes a row lock in the caller's transaction. */
export async function loadCase(m: EntityManager, id: string, lock = false): Promise<CaseRecord> {
  const [row] = await m.query<CaseRecord[]>(
    `SELECT ${COLUMNS} FROM cases WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

export const accessRecordOf = (r: CaseRecord): AccessRecord => ({
  id: r.id,
  caseId: r.id,
  organizationId: r.organization_id,
  assigneeId: r.assignee_id,
  createdBy: r.created_by,
  createdAt: r.opened_at,
  status: r.status,
  restricted: r.restricted,
});

export function workflowOf(r: CaseRecord): CaseWorkflow {
  if (!isCaseState(r.status)) throw new Error(`case ${r.id} has an unknown status`);
  return {
    state: r.status,
    pendingClosure:
      r.closure_requested_by && r.closure_reason_code && r.closure_requested_at
        ? {
            requestedBy: r.closure_requested_by,
            reasonCode: r.closure_reason_code,
            requestedAt: r.closure_requested_at,
          }
        : null,
  };
}
