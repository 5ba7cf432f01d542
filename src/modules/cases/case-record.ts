import { EntityManager } from 'typeorm';
import { DomainError } from '../../platform/http';
import type { AccessRecord } from '../access';
import { CaseWorkflow, isCaseState } from './domain/workflow';
import { CaseHead, findCaseHead } from './repositories/case.repository';

export type { CaseHead } from './repositories/case.repository';

/** The access facts of a case (its own record: the case is its own case). */
export const caseAccessRecord = (h: CaseHead): AccessRecord => ({
  id: h.id,
  caseId: h.id,
  organizationId: h.organizationId,
  assigneeId: h.assigneeId,
  createdBy: h.createdBy,
  createdAt: h.openedAt,
  status: h.status,
  restricted: h.restricted,
});

/** The workflow state of a case, with its pending closure. */
export function caseWorkflow(h: CaseHead): CaseWorkflow {
  if (!isCaseState(h.status)) throw new Error(`case ${h.id} has an unknown status`);
  return {
    state: h.status,
    pendingClosure:
      h.closureRequestedBy && h.closureReasonCode && h.closureRequestedAt
        ? {
            requestedBy: h.closureRequestedBy,
            reasonCode: h.closureReasonCode,
            requestedAt: h.closureRequestedAt,
          }
        : null,
  };
}

// --- the snake_case record the file's services still use --------------------------------------------
// Kept unchanged for the services of the case file (case-file, workflow, history, sharing) until they read
// CaseRepository.findHead (camelCase CaseHead) themselves; then delete this part.

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

const headOf = (r: CaseRecord): CaseHead => ({
  id: r.id,
  reference: r.reference,
  organizationId: r.organization_id,
  status: r.status,
  assigneeId: r.assignee_id,
  restricted: r.restricted,
  createdBy: r.created_by,
  openedAt: r.opened_at,
  version: r.version,
  closureRequestedBy: r.closure_requested_by,
  closureReasonCode: r.closure_reason_code,
  closureRequestedAt: r.closure_requested_at,
});

/** The case, or NOT_FOUND; `lock` takes a row lock in the caller's transaction. */
export async function loadCase(m: EntityManager, id: string, lock = false): Promise<CaseRecord> {
  const h = await findCaseHead(m, id, { lock });
  if (!h) throw new DomainError('NOT_FOUND');
  return {
    id: h.id,
    reference: h.reference,
    organization_id: h.organizationId,
    status: h.status,
    assignee_id: h.assigneeId,
    restricted: h.restricted,
    created_by: h.createdBy,
    opened_at: h.openedAt,
    version: h.version,
    closure_requested_by: h.closureRequestedBy,
    closure_reason_code: h.closureReasonCode,
    closure_requested_at: h.closureRequestedAt,
  };
}

export const accessRecordOf = (r: CaseRecord): AccessRecord => caseAccessRecord(headOf(r));

export const workflowOf = (r: CaseRecord): CaseWorkflow => caseWorkflow(headOf(r));
