import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Period } from './domain/period';

/** Which activities a measure counts: those dated within the period, in the province, narrowed further. */
export interface ActivityFilter {
  period: Period;
  provinceCode: string;
  /** Only activities held in these communes (an empty list matches none). */
  communeCodes?: string[];
  organizationId?: string;
  /** Only these kinds (keys of config/catalogues/activity-kinds.yaml). */
  kinds?: string[];
  model?: number;
}

/**
 * The measures of community work the plan's indicators are built on (docs/DESIGN.md §6), for the reporting
 * module. Each is one set-based statement over the activities table; the denominators come from
 * indicator_denominators. Figures here are exact: disclosure control is the caller's.
 */
@Injectable()
export class ActivityMeasures {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The number of activities. */
  count(f: ActivityFilter): Promise<number> {
    return this.sum('count(*)', f);
  }

  /** Participants (female + male + other); with an audience, only activities aimed at it. */
  participants(f: ActivityFilter & { audience?: string }): Promise<number> {
    return this.sum('sum(a.participants_female + a.participants_male + a.participants_other)', f, f.audience);
  }

  /** Young participants, where recorded. */
  youthParticipants(f: ActivityFilter): Promise<number> {
    return this.sum('sum(a.youth_participants)', f);
  }

  /** Residential clusters reached, where recorded. */
  residentialClustersReached(f: ActivityFilter): Promise<number> {
    return this.sum('sum(a.residential_clusters_reached)', f);
  }

  /**
   * A denominator for the period: with communes, the sum of their entered values (null when none is
   * entered); without, the province-wide row, else the sum of all the province's communes, else null.
   */
  async denominator(
    period: Period,
    provinceCode: string,
    communeCodes: string[] | undefined,
    key: string,
  ): Promise<number | null> {
    if (communeCodes) {
      const [row] = await this.dataSource.query<{ total: string | null }[]>(
        `SELECT sum(value)::bigint::text AS total FROM indicator_denominators
          WHERE period = $1 AND province_code = $2 AND key = $3 AND commune_code <> ''
            AND commune_code = ANY($4::varchar[])`,
        [period.id, provinceCode, key, communeCodes],
      );
      return row?.total == null ? null : Number(row.total);
    }
    // The province-wide row wins; the communes' sum stands in when it was never entered.
    const [row] = await this.dataSource.query<{ province: string | null; communes: string | null }[]>(
      `SELECT max(value) FILTER (WHERE commune_code = '')::bigint::text AS province,
              sum(value) FILTER (WHERE commune_code <> '')::bigint::text AS communes
         FROM indicator_denominators
        WHERE period = $1 AND province_code = $2 AND key = $3`,
      [period.id, provinceCode, key],
    );
    const value = row?.province ?? row?.communes ?? null;
    return value == null ? null : Number(value);
  }

  private async sum(expression: string, f: ActivityFilter, audience?: string): Promise<number> {
    const where = ['a.date BETWEEN $1::date AND $2::date', 'a.province_code = $3'];
    const params: unknown[] = [f.period.firstDay, f.period.lastDay, f.provinceCode];
    const add = (clause: (n: string) => string, value: unknown): void => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (f.communeCodes) add((n) => `a.commune_code = ANY(${n}::varchar[])`, f.communeCodes);
    if (f.organizationId !== undefined) add((n) => `a.organization_id = ${n}::uuid`, f.organizationId);
    if (f.kinds) add((n) => `a.kind = ANY(${n}::text[])`, f.kinds);
    if (f.model !== undefined) add((n) => `a.model = ${n}::smallint`, f.model);
    if (audience !== undefined) add((n) => `${n}::text = ANY(a.audience)`, audience);
    const [row] = await this.dataSource.query<{ total: string | null }[]>(
      `SELECT coalesce(${expression}, 0)::bigint::text AS total FROM activities a WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(row?.total ?? 0);
  }
}
