import type { ResourceDescriptor } from '../access';

/** Where the fields of a follow-up live, for the access rules (config/access-rules.yaml, follow_up.*). */
export const FOLLOW_UP_RESOURCE: ResourceDescriptor = {
  resource: 'follow_up',
  table: 'follow_ups',
  alias: 'f',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'organization_id',
    assigneeId: 'assignee_id',
    createdBy: 'created_by',
    createdAt: 'created_at',
    status: 'status',
  },
};
