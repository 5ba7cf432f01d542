import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActivityFilter } from './activity-measures.sql';
import { ActivityRepository } from './activity.repository';
import type { Period } from './domain/period';
import { IndicatorDenominatorRepository } from './indicator-denominator.repository';

export type { ActivityFilter } from './activity-measures.sql';

/**
 * The measures of community work the plan's indicators are built on (docs/DESIGN.md §6), for the reporting
 * module. Each is one set-based statement over the activities table (activity-measures.sql.ts); the
 * denominators come from indicator_denominators. Figures here are exact: disclosure control is the caller's.
 */
@Injectable()
export class ActivityMeasures {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivityRepository,
    private readonly denominators: IndicatorDenominatorRepository,
  ) {}

  /** The number of activities. */
  count(f: ActivityFilter): Promise<number> {
    return this.activities.total(this.dataSource.manager, 'count', f);
  }

  /** Participants (female + male + other); with an audience, only activities aimed at it. */
  participants(f: ActivityFilter & { audience?: string }): Promise<number> {
    return this.activities.total(this.dataSource.manager, 'participants', f, f.audience);
  }

  /** Young participants, where recorded. */
  youthParticipants(f: ActivityFilter): Promise<number> {
    return this.activities.total(this.dataSource.manager, 'youthParticipants', f);
  }

  /** Residential clusters reached, where recorded. */
  residentialClustersReached(f: ActivityFilter): Promise<number> {
    return this.activities.total(this.dataSource.manager, 'residentialClustersReached', f);
  }

  /**
   * A denominator for the period: with communes, the sum of their entered values (null when none is
   * entered); without, the province-wide row, else the sum of all the province's communes, else null.
   */
  denominator(
    period: Period,
    provinceCode: string,
    communeCodes: string[] | undefined,
    key: string,
  ): Promise<number | null> {
    const q = this.dataSource.manager;
    return communeCodes
      ? this.denominators.sumOfCommunes(q, period.id, provinceCode, communeCodes, key)
      : this.denominators.provinceValue(q, period.id, provinceCode, key);
  }
}
