import { Inject, Injectable } from '@nestjs/common';
import { CatalogueService } from '../../platform/catalogues';
import { DomainError } from '../../platform/http';
import type { AuthUser } from '../../platform/http';
import { publish } from './domain/disclosure';
import { figureScopeOf } from './domain/scope';
import type { DisclosureRule } from './domain/disclosure';
import { ActGroups, applies, dimensionsOf, tableStatement } from './domain/statistics.sql';
import { DIMENSIONS, MAX_GROUP_BY, SUBJECTS } from './domain/statistics.types';
import type {
  Dimension,
  FigureScope,
  StatisticsQuery,
  StatisticsRow,
  StatisticsTable,
  Subject,
} from './domain/statistics.types';
import { FigureRepository } from './figure.repository';
import { REPORTING_CONFIG, ReportingConfig } from './reporting.config';
import './reporting.errors';

/** What one unit of each subject is, and which time its period applies to (said with every table). */
const DESCRIPTIONS: Record<Subject, { vi: string; en: string }> = {
  cases: {
    vi: 'Số vụ việc (mỗi vụ việc tính một lần), theo thời điểm tiếp nhận.',
    en: 'Cases (each case once), by the time the case was received.',
  },
  survivors: {
    vi: 'Số người bị bạo lực (một người cho mỗi vụ việc), theo thời điểm tiếp nhận vụ việc.',
    en: 'Survivors (one per case), by the time the case was received.',
  },
  incidents: {
    vi: 'Số sự việc bạo lực được ghi nhận trong các vụ việc, theo thời điểm tiếp nhận vụ việc.',
    en: 'Incidents recorded in cases, by the time the case was received.',
  },
  referrals: {
    vi: 'Số lượt chuyển gửi (mỗi lượt một lần), theo thời điểm gửi.',
    en: 'Referrals (each once), by the time the referral was sent.',
  },
  services: {
    vi: 'Số dịch vụ đã cung cấp (mỗi dịch vụ của một lượt chuyển gửi đã hoàn thành hoặc được ghi trên hồ sơ), theo ngày cung cấp.',
    en: 'Services given (each service of a completed referral or recorded on the case), by the day it was given.',
  },
  calls: {
    vi: 'Số cuộc gọi đã ghi nhật ký (có hoặc không mở hồ sơ), theo thời điểm bắt đầu cuộc gọi.',
    en: 'Calls logged (whether or not they became a case), by the time the call began.',
  },
};

/**
 * Anonymised statistics (docs/DESIGN.md §6): counts over every case, by up to four dimensions, each cell and
 * the total published under the cell-key rule. The total is its own statement (each unit once), never
 * the sum of rows. Nothing returned names a person, a case or a reference: rows hold dimension values and
 * counts only.
 */
@Injectable()
export class StatisticsService {
  private readonly acts: ActGroups;

  constructor(
    private readonly figures: FigureRepository,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
    catalogues: CatalogueService,
  ) {
    const items = catalogues.get('dv-acts')?.items ?? [];
    this.acts = {
      acts: items.map((i) => i.key),
      groups: items.map((i) => (typeof i.group === 'string' ? i.group : '')),
    };
  }

  /** The disclosure rule of config/reporting.yaml. */
  get rule(): DisclosureRule {
    return this.config.disclosure;
  }

  /** The figures a signed-in user may see (domain/scope.ts: a manager's city or organisation, a supervisor's organisation). */
  scopeOf(user: Pick<AuthUser, 'roles' | 'organizationId'>): FigureScope {
    return figureScopeOf(user, this.config);
  }

  /** Throws the 400 naming the problem when the query cannot be answered. */
  check(query: StatisticsQuery): void {
    if (!(SUBJECTS as readonly string[]).includes(query.subject)) {
      throw new DomainError('STATISTICS_UNKNOWN_SUBJECT', { field: 'subject', allowed: SUBJECTS.join(', ') });
    }
    if (Number.isNaN(query.from.getTime()) || Number.isNaN(query.to.getTime()) || query.from >= query.to) {
      throw new DomainError('STATISTICS_RANGE_INVALID', { field: 'from, to' });
    }
    if (query.groupBy.length > MAX_GROUP_BY) {
      throw new DomainError('STATISTICS_TOO_MANY_DIMENSIONS', { field: 'groupBy', max: MAX_GROUP_BY });
    }
    const seen = new Set<string>();
    for (const d of query.groupBy) {
      if (!(DIMENSIONS as readonly string[]).includes(d)) {
        throw new DomainError('STATISTICS_UNKNOWN_DIMENSION', {
          field: 'groupBy',
          allowed: DIMENSIONS.join(', '),
        });
      }
      if (seen.has(d))
        throw new DomainError('STATISTICS_DUPLICATE_DIMENSION', { field: 'groupBy', dimension: d });
      seen.add(d);
      if (!applies(query.subject, d)) {
        throw new DomainError('STATISTICS_DIMENSION_NOT_APPLICABLE', {
          dimension: d,
          subject: query.subject,
          allowed: dimensionsOf(query.subject).join(', '),
        });
      }
    }
  }

  /** The table, every figure under disclosure control: cells and total from one statement (one snapshot). */
  async table(scope: FigureScope, query: StatisticsQuery): Promise<StatisticsTable> {
    this.check(query);
    const st = tableStatement(scope, query, this.acts);
    const result = await this.figures.cells(st, query.groupBy.length);
    const cells = result.filter((r) => !r.total);
    const t = result.find((r) => r.total);
    const rule = this.rule;
    const rows: StatisticsRow[] = cells.map((cell) => {
      const row: StatisticsRow = { count: publish(cell.n, cell.keySum, rule) };
      query.groupBy.forEach((d: Dimension, i) => {
        row[d] = cell.values[i] ?? null;
      });
      return row;
    });
    return {
      counts: query.subject,
      description: DESCRIPTIONS[query.subject],
      groupBy: [...query.groupBy],
      rows,
      total: t ? publish(t.n, t.keySum, rule) : 0,
      disclosure: { method: 'cell_key', maxNoise: rule.maxNoise, threshold: rule.threshold },
    };
  }
}
