import { Injectable } from '@nestjs/common';
import { col, Queryable, rowShape, rowsOf } from '../../../platform/database';

const LINK = rowShape('referral link', {
  id: col.uuid(),
  case_id: col.uuid(),
  provider_id: col.uuid(),
  status: col.text(),
});

/** What another module may know of a referral it links to: its case, provider and status. */
export interface ReferralLink {
  id: string;
  caseId: string;
  providerId: string;
  status: string;
}

/** The referrals' facts that the case plan reads (no free text, no survivor field). */
@Injectable()
export class ReferralLinkRepository {
  async linksOf(m: Queryable, ids: readonly string[]): Promise<ReferralLink[]> {
    if (ids.length === 0) return [];
    const rows = await rowsOf(
      m,
      `SELECT ${LINK.columns('r')} FROM referrals r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return LINK.parseAll(rows).map((r) => ({
      id: r.id,
      caseId: r.case_id,
      providerId: r.provider_id,
      status: r.status,
    }));
  }
}
