import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { configDir, ENV, Env } from '../../platform/config';
import { FigureRepository } from './figure.repository';
import { INDICATOR_PLANS, IndicatorsService } from './indicators.service';
import { loadIndicatorPlans } from './measures/indicator-plan';
import { MeasureRegistry } from './measures/measure-registry';
import { displayPath, loadReportingConfig, REPORTING_CONFIG } from './reporting.config';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

/**
 * The statistics and indicators half of the reporting module. config/reporting.yaml and every plan of
 * config/indicators/ are checked at start-up: a mistake stops the app, naming the file and indicator.
 */
export const STATISTICS_PROVIDERS: Provider[] = [
  {
    provide: REPORTING_CONFIG,
    inject: [ENV],
    useFactory: (env: Env) => loadReportingConfig(configDir(env.HAVEN_CONFIG_DIR)),
  },
  FigureRepository,
  MeasureRegistry,
  {
    provide: INDICATOR_PLANS,
    inject: [ENV, MeasureRegistry, CatalogueService],
    useFactory: (env: Env, registry: MeasureRegistry, catalogues: CatalogueService) =>
      loadIndicatorPlans(join(configDir(env.HAVEN_CONFIG_DIR), 'indicators'), displayPath, {
        measures: registry.specs(),
        catalogueKeys: (name) => catalogues.keys(name),
      }),
  },
  StatisticsService,
  IndicatorsService,
];

export const STATISTICS_CONTROLLERS = [StatisticsController];

/** What the module exports for report runs (R3) and other callers. */
export const STATISTICS_EXPORTS = [StatisticsService, IndicatorsService, REPORTING_CONFIG];
