import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, decodeCursor, DomainError } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { DirectoryService } from '../directory';
import { ListReferralsQuery, ReferralListDto } from './dto/referral.dto';
import './referrals.errors';
import { ReferralRepository } from './repositories/referral.repository';

const PAGE_DEFAULT = 50;

/**
 * The boxes (docs/DESIGN.md §4): incoming (addressed to the caller's organisation: referral.list) or
 * outgoing (the referring cases the caller may read: case.read_referrals), by sent_at desc. No survivor
 * field, no free text; each listing is audited.
 */
@Injectable()
export class ReferralBoxesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly referrals: ReferralRepository,
  ) {}

  async list(actor: Actor, query: ListReferralsQuery): Promise<ReferralListDto> {
    const limit = query.limit ?? PAGE_DEFAULT;
    const filter =
      query.box === 'incoming'
        ? this.access.filter(actor.user, 'referral.list', 'referral', { alias: 'r' })
        : this.access.filter(actor.user, 'case.read_referrals', 'case', { alias: 'c' });
    if (filter.sql === 'FALSE')
      await this.refuse(actor, query.box === 'incoming' ? 'referral.list' : 'case.read_referrals');
    const after = decodeCursor(query.cursor, 2);
    return this.dataSource.transaction(async (m) => {
      const page = await this.referrals.pageByAccess(m, filter, {
        overCase: query.box !== 'incoming',
        status: query.status,
        after,
        limit,
      });
      const names = await this.directory.namesOf(
        page.items.map((r) => r.providerId),
        m,
      );
      await this.audit.record(m, {
        action: `referral.${query.box}_listed`,
        actor: actor.user,
        entityType: 'referral',
        reasonCode: `results_${page.items.length}`,
        requestId: actor.requestId,
      });
      return {
        items: page.items.map((r) => ({
          id: r.id,
          caseId: r.caseId,
          reference: r.reference,
          provider: { id: r.providerId, name: names.get(r.providerId) ?? null },
          referringOrganizationId: r.referringOrganizationId,
          recipientOrganizationId: r.recipientOrganizationId,
          services: r.services,
          urgency: r.urgency,
          status: r.status,
          emergencyOverride: r.emergencyOverride,
          sentAt: r.sentAt.toISOString(),
          dueBy: r.dueBy.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    });
  }

  /** A box no rule lets this user see at all: 403, audited (as the case lists do). */
  private async refuse(actor: Actor, action: string): Promise<never> {
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'referral',
        reasonCode: action,
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FORBIDDEN');
  }
}
