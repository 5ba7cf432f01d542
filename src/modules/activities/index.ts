export { ActivitiesModule } from './activities.module';
export { ActivityMeasures } from './activity-measures';
export type { ActivityFilter } from './activity-measures';
export { parsePeriod, periodContainsDay, PERIOD_GRAMMAR } from './domain/period';
export type { Period, PeriodKind } from './domain/period';

/** The module's personal-data declaration (the seed's pre-encrypted pools, documentation). */
export { ACTIVITY_DATA } from './activities.personal-data';
