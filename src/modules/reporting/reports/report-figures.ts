import type { Period } from '../../activities';
import type { Published } from '../domain/disclosure';
import type { FigureScope, StatisticsQuery, StatisticsTable } from '../domain/statistics.types';

/** One plan indicator as the indicator service gives it (already under disclosure control). */
export interface ReportIndicator {
  id: string;
  label: string | { vi: string; en: string };
  numerator: Published | null;
  denominator: Published | null;
  value: number | string | null;
  target: number | string | null;
  met: boolean | null;
  unit?: string | null;
}

/**
 * Where a report's figures come from: the statistics and indicator services of this module, which apply
 * disclosure control. Reports never count anything themselves; this port is the only way in.
 */
export interface ReportFigures {
  table(scope: FigureScope, query: StatisticsQuery): Promise<StatisticsTable>;
  indicators(scope: FigureScope, plan: string, period: Period): Promise<{ indicators: ReportIndicator[] }>;
}

export const REPORT_FIGURES = Symbol('REPORT_FIGURES');
