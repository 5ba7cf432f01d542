export { ActivitiesModule } from './activities.module';
export { parsePeriod, periodContainsDay, PERIOD_GRAMMAR } from './domain/period';
export type { Period, PeriodKind } from './domain/period';
