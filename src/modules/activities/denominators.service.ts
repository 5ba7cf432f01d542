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
import './activities.errors';

interface DenominatorRow {
  id: string;
  period: string;
  province_code: string;
  commune_code: string;
  key: string;
  value: number;
  updated_by: string;
  updated_at: Date;
}

const COLUMNS = 'id, period, province_code, commune_code, key, value, updated_by, updated_at';

const dtoOf = (r: DenominatorRow): DenominatorDto => ({
  id: r.id,
  period: r.period,
  provinceCode: r.province_code,
  communeCode: r.commune_code === '' ? null : r.commune_code,
  key: r.key,
  value: r.value,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at.toISOString(),
});

/** The indicators' denominators, entered by managers per period and unit (docs/DESIGN.md §6). */
@Injectable()
export class DenominatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      const [row] = await m.query<DenominatorRow[]>(
        `INSERT INTO indicator_denominators (period, province_code, commune_code, key, value, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (period, province_code, commune_code, key)
         DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING ${COLUMNS}`,
        [period, dto.provinceCode, dto.communeCode ?? '', dto.key, dto.value, actor.user.id],
      );
      if (!row) throw new Error('denominator upsert returned nothing');
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
    const params: unknown[] = [period, query.provinceCode];
    let commune = '';
    if (query.communeCode !== undefined) {
      params.push(query.communeCode);
      commune = ` AND commune_code = $${params.length}`;
    }
    const rows = await this.dataSource.query<DenominatorRow[]>(
      `SELECT ${COLUMNS} FROM indicator_denominators
        WHERE period = $1 AND province_code = $2${commune}
        ORDER BY commune_code, key`,
      params,
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
