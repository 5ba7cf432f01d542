import { Provider } from '@nestjs/common';
import { CatalogueService } from '../../../platform/catalogues';
import { configDir, ENV, Env } from '../../../platform/config';
import { PdfService } from '../../../platform/pdf';
import { IndicatorsService } from '../indicators.service';
import { StatisticsService } from '../statistics.service';
import { REPORT_FIGURES } from './report-figures';
import type { ReportFigures } from './report-figures';
import { ReportBuilder } from './report-builder';
import { ReportRunRepository } from './report-run.repository';
import { ReportRunner } from './report-runner';
import { loadReportsConfig, REPORTS_CONFIG } from './reports.config';
import { ReportsController } from './reports.controller';
import { ReportsHandlers } from './reports.handlers';
import { ReportsService } from './reports.service';
import './reports.errors';

/** Reports: the API's request and reads, the worker's runner (the reporting module lists these). */
export const REPORTS_CONTROLLERS = [ReportsController];
export const REPORTS_PROVIDERS: Provider[] = [
  {
    provide: REPORTS_CONFIG,
    inject: [ENV, CatalogueService],
    useFactory: (env: Env, catalogues: CatalogueService) =>
      loadReportsConfig(configDir(env.HAVEN_CONFIG_DIR), catalogues.names()),
  },
  {
    // Every figure of a report comes from these two services, under disclosure control.
    provide: REPORT_FIGURES,
    inject: [StatisticsService, IndicatorsService],
    useFactory: (statistics: StatisticsService, indicators: IndicatorsService): ReportFigures => ({
      table: (scope, query) => statistics.table(scope, query),
      indicators: (scope, plan, period) => indicators.evaluate(scope, plan, period),
    }),
  },
  PdfService,
  ReportRunRepository,
  ReportBuilder,
  ReportRunner,
  ReportsService,
  ReportsHandlers,
];
