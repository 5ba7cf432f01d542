import type { ResourceDescriptor } from '../access';

/**
 * Where the fields of a transfer live, for the access rules (config/access-rules.yaml, case_transfer.*):
 * the sending organisation is the record's organisation, the receiving one its recipient.
 */
export const CASE_TRANSFER_RESOURCE: ResourceDescriptor = {
  resource: 'case_transfer',
  table: 'case_transfers',
  alias: 't',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'from_organization_id',
    recipientOrganizationId: 'to_organization_id',
    createdBy: 'requested_by',
    createdAt: 'requested_at',
    status: 'status',
  },
};
