import type { ResourceDescriptor } from '../access';

/**
 * Where the fields of a referral live, for the access rules (config/access-rules.yaml, referral.*): the
 * provider's side. The referring side decides through the case (case.read_referrals, case.refer).
 */
export const REFERRAL_RESOURCE: ResourceDescriptor = {
  resource: 'referral',
  table: 'referrals',
  alias: 'r',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'referring_organization_id',
    recipientOrganizationId: 'recipient_organization_id',
    createdBy: 'referred_by',
    createdAt: 'sent_at',
    status: 'status',
  },
};

/** A stay is kept by the provider's organisation (stays.organization_id). */
export const STAY_RESOURCE: ResourceDescriptor = {
  resource: 'stay',
  table: 'stays',
  alias: 's',
  columns: {
    id: 'id',
    caseId: 'case_id',
    organizationId: 'organization_id',
    createdAt: 'admitted_at',
  },
};
