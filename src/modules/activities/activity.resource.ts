import type { ResourceDescriptor } from '../access';

/** Where the fields of a community activity live, for the access rules (activity.*). */
export const ACTIVITY_RESOURCE: ResourceDescriptor = {
  resource: 'activity',
  table: 'activities',
  alias: 'a',
  columns: {
    id: 'id',
    organizationId: 'organization_id',
    createdBy: 'created_by',
    createdAt: 'created_at',
  },
};
