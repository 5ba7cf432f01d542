import type { ResourceDescriptor } from '../access';

/**
 * Where the fields of a report run live, for the access rules (report.*). Statistics and indicators are
 * actions on this resource without a record (report.statistics, report.indicators).
 */
export const REPORT_RESOURCE: ResourceDescriptor = {
  resource: 'report',
  table: 'report_runs',
  alias: 'rr',
  columns: {
    id: 'id',
    ownerId: 'requested_by',
    organizationId: 'organization_id',
    createdBy: 'requested_by',
    createdAt: 'requested_at',
    status: 'status',
  },
};
