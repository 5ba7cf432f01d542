export { ReportingModule } from './reporting.module';
export { publish, publishedNumber, smallCell, cellNoise, keySumOf } from './domain/disclosure';
export type { DisclosureRule, Published } from './domain/disclosure';
export { DIMENSIONS, SUBJECTS, MAX_GROUP_BY } from './domain/statistics.types';
export type {
  Dimension,
  FigureScope,
  StatisticsQuery,
  StatisticsRow,
  StatisticsTable,
  Subject,
} from './domain/statistics.types';
export { StatisticsService } from './statistics.service';
export { IndicatorsService } from './indicators.service';
export type { IndicatorReport, IndicatorValue } from './indicators.service';
export { REPORTING_CONFIG } from './reporting.config';
export type { ReportingConfig } from './reporting.config';
