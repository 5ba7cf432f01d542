import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../platform/database';

/**
 * provider_partner_organizations: the organisations that refer to a provider (their supervisors may see a
 * safe house's contact). Rows come from the directory (named by a manager) or from referrals.
 */
@Injectable()
export class ProviderPartnerRepository {
  /** The organisations a manager names replace those named before; those added by referrals stay. */
  async replaceNamed(
    m: Queryable,
    providerId: string,
    organizationIds: readonly string[],
    addedBy: string,
  ): Promise<void> {
    await m.query(
      `DELETE FROM provider_partner_organizations
        WHERE provider_id = $1 AND source = 'directory' AND NOT (organization_id = ANY($2::uuid[]))`,
      [providerId, [...organizationIds]],
    );
    if (organizationIds.length === 0) return;
    await m.query(
      `INSERT INTO provider_partner_organizations (provider_id, organization_id, source, added_by)
       SELECT $1, o, 'directory', $3 FROM unnest($2::uuid[]) AS o
       ON CONFLICT (provider_id, organization_id) DO NOTHING`,
      [providerId, [...organizationIds], addedBy],
    );
  }

  /** Records that an organisation refers to the provider (idempotent). */
  async addReferring(m: Queryable, providerId: string, organizationId: string): Promise<void> {
    await m.query(
      `INSERT INTO provider_partner_organizations (provider_id, organization_id, source, added_by)
       VALUES ($1, $2, 'referral', NULL)
       ON CONFLICT (provider_id, organization_id) DO NOTHING`,
      [providerId, organizationId],
    );
  }
}
