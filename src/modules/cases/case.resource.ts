import type { ResourceDescriptor } from '../access';

/** Where the fields of a case live, for the access rules (config/access-rules.yaml, case.*). */
export const CASE_RESOURCE: ResourceDescriptor = {
  resource: 'case',
  table: 'cases',
  alias: 'c',
  columns: {
    id: 'id',
    caseId: 'id',
    organizationId: 'organization_id',
    assigneeId: 'assignee_id',
    createdBy: 'created_by',
    createdAt: 'opened_at',
    status: 'status',
    restricted: 'restricted',
  },
  namedUsers: { table: 'case_restricted_supervisors', keyColumn: 'case_id', userColumn: 'user_id' },
};
