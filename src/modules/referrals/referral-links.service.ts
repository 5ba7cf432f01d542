import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ReferralLink, ReferralLinkRepository } from './repositories/referral-link.repository';

export type { ReferralLink } from './repositories/referral-link.repository';

/**
 * The read other modules make of referrals they link to (the case plan's actions): each referral's case,
 * provider and status, by id. The caller has already decided that its user may read the case.
 */
@Injectable()
export class ReferralLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly links: ReferralLinkRepository,
  ) {}

  /** The referrals found, by id (unknown ids are left out). */
  async linksOf(ids: readonly string[], manager?: EntityManager): Promise<Map<string, ReferralLink>> {
    const found = await this.links.linksOf(manager ?? this.dataSource.manager, [...new Set(ids)]);
    return new Map(found.map((l) => [l.id, l]));
  }
}
