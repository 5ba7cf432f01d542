import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, decodeCursor, DomainError } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { DirectoryService } from '../directory';
import { occupancyOf } from './domain/referral-workflow';
import { ListStaysQuery, OccupancyDto, StayListDto } from './dto/referral.dto';
import './referrals.errors';
import { StayRepository } from './repositories/stay.repository';

const PAGE_DEFAULT = 50;

/** A provider's beds and stays (docs/DESIGN.md §4): they come from referrals, so this module answers. */
@Injectable()
export class ProviderStaysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly repository: StayRepository,
  ) {}

  /** Beds of a provider: held by accepted referrals, occupied by stays not discharged. */
  async occupancy(actor: Actor, providerId: string): Promise<OccupancyDto> {
    const provider = await this.directory.providerFacts(providerId);
    if (!provider) throw new DomainError('NOT_FOUND');
    await this.access.assert(
      actor.user,
      'provider.read_occupancy',
      { id: provider.id, organizationId: provider.organizationId },
      { actor },
    );
    const beds = await this.repository.bedsOf(this.dataSource.manager, providerId);
    return { providerId, ...occupancyOf(provider.capacity, beds.held, beds.occupied) };
  }

  /** Who stays or stayed at the provider (references only), newest admission first; audited. */
  async stays(actor: Actor, providerId: string, query: ListStaysQuery): Promise<StayListDto> {
    const provider = await this.directory.providerFacts(providerId);
    if (!provider) throw new DomainError('NOT_FOUND');
    await this.access.assert(
      actor.user,
      'provider.list_stays',
      { id: provider.id, organizationId: provider.organizationId },
      { actor },
    );
    const after = decodeCursor(query.cursor, 2);
    return this.dataSource.transaction(async (m) => {
      const page = await this.repository.pageOfProvider(m, providerId, {
        current: query.current === 'true',
        after,
        limit: query.limit ?? PAGE_DEFAULT,
      });
      await this.audit.record(m, {
        action: 'provider.stays_listed',
        actor: actor.user,
        entityType: 'provider',
        entityId: providerId,
        reasonCode: `results_${page.items.length}`,
        requestId: actor.requestId,
      });
      return {
        items: page.items.map((s) => ({
          id: s.id,
          referralId: s.referralId,
          reference: s.reference,
          admittedAt: s.admittedAt.toISOString(),
          dischargedAt: s.dischargedAt ? s.dischargedAt.toISOString() : null,
          status: s.dischargedAt ? ('discharged' as const) : ('in_residence' as const),
        })),
        nextCursor: page.nextCursor,
      };
    });
  }
}
