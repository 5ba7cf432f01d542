import type { ResourceDescriptor } from './domain/resource-descriptor';

/**
 * Resources of the modules above access (docs/DESIGN.md §2: identity, audit). Those modules may not import
 * access, so they cannot register their descriptors themselves; access, which may depend on them,
 * describes their tables here. Every module below access registers its own (AccessService.registerResource).
 */
export const BUILTIN_RESOURCES: readonly ResourceDescriptor[] = [
  {
    resource: 'user',
    table: 'users',
    alias: 'u',
    columns: { id: 'id', organizationId: 'organization_id' },
  },
  {
    resource: 'organization',
    table: 'organizations',
    alias: 'o',
    // An organisation is held by itself: inSameOrganization means "the user's own organisation".
    columns: { id: 'id', organizationId: 'id' },
  },
  {
    resource: 'audit',
    table: 'audit_events',
    alias: 'a',
    columns: { organizationId: 'organization_id', caseId: 'case_id' },
  },
];
