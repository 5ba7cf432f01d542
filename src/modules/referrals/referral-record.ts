import type { AccessRecord } from '../access';
import { isReferralState, ReferralState } from './domain/referral-workflow';
import type { ReferralFacts } from './repositories/referral.repository';

/** The record the referral.* rules look at (REFERRAL_RESOURCE's fields). */
export const referralAccessRecord = (r: ReferralFacts): AccessRecord => ({
  id: r.id,
  caseId: r.caseId,
  organizationId: r.referringOrganizationId,
  recipientOrganizationId: r.recipientOrganizationId,
  createdBy: r.referredBy,
  createdAt: r.sentAt,
  status: r.status,
});

export function stateOf(r: ReferralFacts): ReferralState {
  if (!isReferralState(r.status)) throw new Error(`referral ${r.id} has an unknown status`);
  return r.status;
}
