export { ActivitiesModule } from './activities.module';
export { ActivityMeasures } from './activity-measures';
export type { ActivityFilter } from './activity-measures';
export { parsePeriod, periodContainsDay, PERIOD_GRAMMAR } from './domain/period';
export type { Period, PeriodKind } from './domain/period';
