import { Inject, Injectable } from '@nestjs/common';
import { CatalogueService } from '../../../platform/catalogues';
import { DomainError } from '../../../platform/http';
import type { Period } from '../../activities';
import { GeographyService } from '../../geography';
import type { DisclosureRule } from '../domain/disclosure';
import type { Dimension, FigureScope } from '../domain/statistics.types';
import { REPORT_FIGURES } from './report-figures';
import type { ReportFigures, ReportIndicator } from './report-figures';
import { periodGrammarOf, reportPeriod } from './report-request';
import {
  HEADER_LABELS,
  hanoiTimestamp,
  periodLabel,
  ReportModel,
  ReportTable,
  ruleText,
} from './render/report-model';
import { REPORTS_CONFIG } from './reports.config';
import type { ReportKind, ReportsConfig } from './reports.config';
import { ReportsErrors } from './reports.errors';

/** What the builder needs of a run: no requester, nothing personal. */
export interface ReportRunFacts {
  kind: string;
  period: string;
  provinceCode: string;
  communeCodes: string[];
  coverage: string;
  organizationId: string;
}

const COVERAGE_LABELS: Readonly<Record<string, string>> = {
  city: 'Tất cả các ca trên địa bàn',
  organization: 'Các ca do tổ chức của người lập báo cáo quản lý',
};

/**
 * Builds a report's model from the figures of the statistics and indicator services (under disclosure
 * control) and the Vietnamese labels of the catalogues and the geography. It counts nothing itself.
 */
@Injectable()
export class ReportBuilder {
  constructor(
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
    @Inject(REPORT_FIGURES) private readonly figures: ReportFigures,
    private readonly catalogues: CatalogueService,
    private readonly geography: GeographyService,
  ) {}

  async build(
    run: ReportRunFacts,
    now: Date,
  ): Promise<{ model: ReportModel; fileStem: string; period: Period }> {
    const spec = (this.config.kinds as Partial<Record<string, ReportsConfig['kinds'][ReportKind]>>)[run.kind];
    if (!spec) throw new DomainError(ReportsErrors.REPORT_KIND_UNKNOWN, { field: 'kind' });
    const period = reportPeriod(spec, run.period);
    if (!period)
      throw new DomainError(ReportsErrors.REPORT_PERIOD_INVALID, {
        field: 'period',
        kind: run.kind,
        grammar: periodGrammarOf(spec),
      });
    const scope: FigureScope = {
      provinceCode: run.provinceCode,
      ...(run.communeCodes.length > 0 ? { communeCodes: run.communeCodes } : {}),
      ...(run.coverage === 'organization' ? { organizationId: run.organizationId } : {}),
    };
    const provinces = await this.geography.listProvinces();
    const province = provinces.find((p) => p.code === run.provinceCode);
    if (!province)
      throw new DomainError(ReportsErrors.REPORT_PROVINCE_UNKNOWN, { field: 'scope.provinceCode' });
    const communes = new Map(
      (await this.geography.listCommunes(run.provinceCode)).map((c) => [c.code, c.fullName]),
    );
    const provinceNames = new Map(provinces.map((p) => [p.code, p.fullName]));

    let rule: DisclosureRule | undefined;
    const tables: ReportTable[] = [];
    for (const t of spec.tables) {
      const table = await this.figures.table(scope, {
        subject: t.subject,
        from: period.from,
        to: period.to,
        groupBy: t.groupBy,
      });
      rule ??= table.disclosure;
      tables.push({
        sheet: t.sheet,
        title: t.title.vi,
        counts: table.description.vi,
        columns: [...t.groupBy.map((d) => this.config.dimensions[d]?.vi ?? d), HEADER_LABELS.count],
        rows: table.rows.map((row) => [
          ...t.groupBy.map((d) => this.label(d, row[d], communes, provinceNames)),
          row.count,
        ]),
        total: table.total,
      });
    }
    const evaluated = await this.figures.indicators(scope, spec.indicators, period);
    if (!rule) throw new DomainError(ReportsErrors.REPORT_GENERATION_FAILED);
    const scopeText =
      run.communeCodes.length === 0
        ? `${province.fullName} (toàn thành phố)`
        : `${province.fullName}: ${run.communeCodes.map((c) => communes.get(c) ?? c).join(', ')}`;
    return {
      fileStem: spec.fileStem,
      period,
      model: {
        title: spec.title.vi,
        period: periodLabel(period),
        scope: scopeText,
        coverage: COVERAGE_LABELS[run.coverage] ?? run.coverage,
        generatedAt: hanoiTimestamp(now),
        generatedAtInstant: now,
        rule: ruleText(rule),
        tables,
        indicators: indicatorsTable(evaluated.indicators),
      },
    };
  }

  /** A dimension value's Vietnamese label; the key itself when no label is known (keys are not personal). */
  private label(
    dimension: Dimension,
    value: unknown,
    communes: Map<string, string>,
    provinces: Map<string, string>,
  ): string {
    if (typeof value !== 'string' && typeof value !== 'number') return HEADER_LABELS.unknown;
    if (value === '') return HEADER_LABELS.unknown;
    const key = String(value);
    const heading = this.config.dimensions[dimension];
    if (!heading) return key;
    const fixed = heading.values[key];
    if (fixed) return fixed;
    switch (heading.labels.kind) {
      case 'catalogue':
        return this.catalogues.item(heading.labels.name, key)?.vi ?? key;
      case 'commune':
        return communes.get(key) ?? key;
      case 'province':
        return provinces.get(key) ?? key;
      case 'raw':
        return key;
    }
  }
}

const INDICATOR_COLUMNS = ['Chỉ tiêu', 'Tử số', 'Mẫu số', 'Giá trị', 'Mục tiêu', 'Đánh giá'];

/** Units of config/indicators (percent, count, persons, days) as printed after a value. */
const UNITS: Readonly<Record<string, string>> = { percent: '%', count: '', persons: ' người', days: ' ngày' };

const shown = (v: number | string | null | undefined, unit?: string | null): string => {
  if (v === null || v === undefined) return '—';
  const text = typeof v === 'number' ? String(Number(v.toFixed(2))).replace('.', ',') : v;
  return `${text}${unit ? (UNITS[unit] ?? ` ${unit}`) : ''}`;
};

/** The plan's indicators as a table: label, numerator, denominator, value and target, met or not. */
export function indicatorsTable(indicators: ReportIndicator[]): ReportTable {
  return {
    sheet: 'Chỉ tiêu kế hoạch',
    title: 'Các chỉ tiêu của kế hoạch',
    counts: 'Giá trị của từng chỉ tiêu trong kỳ, tính từ các số liệu đã kiểm soát công bố',
    columns: INDICATOR_COLUMNS,
    rows: indicators.map((i) => [
      typeof i.label === 'string' ? i.label : i.label.vi,
      shown(i.numerator),
      shown(i.denominator),
      shown(i.value, i.unit),
      shown(i.target, i.unit),
      i.met !== null
        ? i.met
          ? 'Đạt'
          : 'Chưa đạt'
        : i.target === null
          ? 'Không có mục tiêu'
          : 'Chưa đủ số liệu',
    ]),
    total: null,
  };
}
