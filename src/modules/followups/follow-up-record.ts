import type { AccessRecord } from '../access';
import type { FollowUp } from './follow-up.repository';

/** The fields follow_up.* rules read (follow-up.resource.ts). */
export const followUpAccessRecord = (r: FollowUp): AccessRecord => ({
  id: r.id,
  caseId: r.caseId,
  organizationId: r.organizationId,
  assigneeId: r.assigneeId,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  status: r.status,
});
