import type { AccessRecord } from '../access';
import { CaseWorkflow, isCaseState } from './domain/workflow';
import { CaseHead } from './repositories/case.repository';

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
