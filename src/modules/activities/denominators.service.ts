import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { GeographyService } from '../geography';
import { parsePeriod, PERIOD_GRAMMAR } from './domain/period';
import {
  DenominatorDto,
  DenominatorListDto,
  ListDenominatorsQuery,
  SetDenominatorDto,
} from './dto/activity.dto';
import { Denominator, IndicatorDenominatorRepository } from './indicator-denominator.repository';
import './activities.errors';

const dtoOf = (d: Denominator): DenominatorDto => ({
  id: d.id,
  period: d.period,
  provinceCode: d.provinceCode,
  communeCode: d.communeCode,
  key: d.key,
  value: d.value,
  updatedBy: d.updatedBy,
  updatedAt: d.updatedAt.toISOString(),
});

/** The indicators' denominators, entered by managers per period and unit (docs/DESIGN.md §6). */
@Injectable()
export class DenominatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly denominators: IndicatorDenominatorRepository,
    private readonly catalogues: CatalogueService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly geography: GeographyService,
  ) {}

  /** Upsert on (period, province, commune or '', key); the stored row. */
  async set(actor: Actor, dto: SetDenominatorDto): Promise<DenominatorDto> {
    await this.access.assert(actor.user, 'activity.set_denominator', undefined, { actor });
    const period = this.period(dto.period);
    if (!this.catalogues.has('denominator-keys', dto.key)) {
      const allowed = this.catalogues.keys('denominator-keys');
      throw new DomainError(
        'ACTIVITY_KEY_UNKNOWN',
        { field: 'key', allowed: allowed.join(', ') },
        { allowed },
      );
    }
    await this.checkUnit(dto.provinceCode, dto.communeCode);
    return this.dataSource.transaction(async (m) => {
      const row = await this.denominators.upsert(
        m,
        {
          period,
          provinceCode: dto.provinceCode,
          ...(dto.communeCode !== undefined ? { communeCode: dto.communeCode } : {}),
          key: dto.key,
          value: dto.value,
        },
        actor.user.id,
      );
      await this.audit.record(m, {
        action: 'indicator_denominator.set',
        actor: actor.user,
        entityType: 'indicator_denominator',
        entityId: row.id,
        reasonCode: row.key,
        requestId: actor.requestId,
      });
      return dtoOf(row);
    });
  }

  /** A period's denominators of a province (all its units), or of one commune. */
  async list(actor: Actor, query: ListDenominatorsQuery): Promise<DenominatorListDto> {
    await this.access.assert(actor.user, 'activity.set_denominator', undefined, { actor });
    const period = this.period(query.period);
    const rows = await this.denominators.listFor(
      this.dataSource.manager,
      period,
      query.provinceCode,
      query.communeCode,
    );
    return { items: rows.map(dtoOf) };
  }

  /** The period's normalised text (as the indicators look it up), or 400 naming the grammar. */
  private period(text: string): string {
    const period = parsePeriod(text);
    if (!period)
      throw new DomainError('ACTIVITY_PERIOD_INVALID', { field: 'period', grammar: PERIOD_GRAMMAR });
    return period.id;
  }

  private async checkUnit(provinceCode: string, communeCode: string | undefined): Promise<void> {
    if (!(await this.geography.provinceExists(provinceCode)))
      throw new DomainError('ACTIVITY_PROVINCE_UNKNOWN', { field: 'provinceCode' });
    if (communeCode !== undefined && !(await this.geography.communeExists(communeCode, provinceCode)))
      throw new DomainError('ACTIVITY_COMMUNE_UNKNOWN', { field: 'communeCode' });
  }
}
