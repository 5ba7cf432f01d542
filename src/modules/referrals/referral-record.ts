import { EntityManager } from 'typeorm';
import { DomainError } from '../../platform/http';
import type { AccessRecord } from '../access';
import { isReferralState, ReferralState } from './domain/referral-workflow';

/** A referral's row as the services decide on it. */
export interface ReferralRow {
  id: string;
  case_id: string;
  reference: string;
  referring_organization_id: string;
  referred_by: string;
  provider_id: string;
  recipient_organization_id: string;
  services: string[];
  urgency: string;
  consent_id: string | null;
  emergency_override: boolean;
  override_reason_enc: string | null;
  note_enc: string | null;
  status: string;
  sent_at: Date;
  due_by: Date;
  services_provided: string[];
  /** As text (YYYY-MM-DD): a calendar date, never an instant. */
  completed_on: string | null;
  version: number;
  /** Microseconds since the epoch of sent_at, as text: the keyset cursor keeps full precision. */
  micros: string;
}

export const REFERRAL_COLUMNS = `r.id, r.case_id, r.reference, r.referring_organization_id, r.referred_by,
  r.provider_id, r.recipient_organization_id, r.services, r.urgency, r.consent_id, r.emergency_override,
  r.override_reason_enc, r.note_enc, r.status, r.sent_at, r.due_by, r.services_provided,
  r.completed_on::text AS completed_on, r.version,
  (extract(epoch FROM r.sent_at) * 1000000)::bigint::text AS micros`;

/** The referral, or NOT_FOUND; `lock` takes a row lock in the caller's transaction. */
export async function loadReferral(m: EntityManager, id: string, lock = false): Promise<ReferralRow> {
  const [row] = await m.query<ReferralRow[]>(
    `SELECT ${REFERRAL_COLUMNS} FROM referrals r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}

/** The record the referral.* rules look at (REFERRAL_RESOURCE's fields). */
export const referralAccessRecord = (r: ReferralRow): AccessRecord => ({
  id: r.id,
  caseId: r.case_id,
  organizationId: r.referring_organization_id,
  recipientOrganizationId: r.recipient_organization_id,
  createdBy: r.referred_by,
  createdAt: r.sent_at,
  status: r.status,
});

export function stateOf(r: ReferralRow): ReferralState {
  if (!isReferralState(r.status)) throw new Error(`referral ${r.id} has an unknown status`);
  return r.status;
}
