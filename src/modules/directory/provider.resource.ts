import type { ResourceDescriptor } from '../access';

/** Where the fields of a provider live, for the access rules (config/access-rules.yaml, provider.*). */
export const PROVIDER_RESOURCE: ResourceDescriptor = {
  resource: 'provider',
  table: 'providers',
  alias: 'p',
  columns: {
    id: 'id',
    organizationId: 'organization_id',
  },
  partnerOrganizations: {
    table: 'provider_partner_organizations',
    keyColumn: 'provider_id',
    organizationColumn: 'organization_id',
  },
};
