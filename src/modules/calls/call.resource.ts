import type { ResourceDescriptor } from '../access';

/** Where the fields of a call live, for the access rules (call.*): its operator owns it. */
export const CALL_RESOURCE: ResourceDescriptor = {
  resource: 'call',
  table: 'calls',
  alias: 'cl',
  columns: {
    id: 'id',
    organizationId: 'organization_id',
    ownerId: 'operator_id',
    createdBy: 'operator_id',
    createdAt: 'created_at',
  },
};
