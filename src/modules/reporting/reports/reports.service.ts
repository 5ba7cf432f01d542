import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, decodeCursor, DomainError, pageOf } from '../../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../../platform/idempotency';
import { OutboxService } from '../../../platform/outbox';
import { AccessService } from '../../access';
import type { AccessRecord } from '../../access';
import { AuditService } from '../../audit';
import { GeographyService } from '../../geography';
import { REPORTING_CONFIG } from '../reporting.config';
import type { ReportingConfig } from '../reporting.config';
import {
  CreateReportDto,
  ListReportsQuery,
  ReportQueuedDto,
  ReportRunDto,
  ReportRunListDto,
} from './dto/report.dto';
import { ReportRun, ReportRunRepository } from './report-run.repository';
import { periodGrammarOf, reportPeriod } from './report-request';
import { REPORTS_CONFIG } from './reports.config';
import type { ReportsConfig } from './reports.config';
import { ReportsErrors } from './reports.errors';

interface NewRun {
  kind: string;
  period: string;
  provinceCode: string;
  communeCodes: string[];
  format: string;
  coverage: 'city' | 'organization';
}

const accessRecordOf = (r: ReportRun): AccessRecord => ({
  id: r.id,
  ownerId: r.requestedBy,
  organizationId: r.organizationId,
  createdBy: r.requestedBy,
  createdAt: r.requestedAt,
  status: r.status,
});

const viewOf = (r: ReportRun): ReportRunDto => ({
  id: r.id,
  kind: r.kind,
  period: r.period,
  scope: { provinceCode: r.provinceCode, communeCodes: r.communeCodes },
  format: r.format,
  status: r.status,
  coverage: r.coverage,
  requestedAt: r.requestedAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  fileName: r.fileName,
  fileSize: r.fileSize,
  errorCode: r.errorCode,
});

export interface ReportFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Report runs on the API side (docs/DESIGN.md §6): the request (the run and its `report.requested` event in
 * one transaction, under the Idempotency-Key), the run's status and its file. The worker makes the file.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: ReportRunRepository,
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
    @Inject(REPORTING_CONFIG) private readonly reporting: ReportingConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly geography: GeographyService,
  ) {}

  async request(actor: Actor, dto: CreateReportDto, cmd: IdempotentCommand): Promise<ReportQueuedDto> {
    await this.access.assert(actor.user, 'report.create', undefined, { actor });
    const spec = this.config.kinds[dto.kind];
    if (!reportPeriod(spec, dto.period)) {
      throw new DomainError(ReportsErrors.REPORT_PERIOD_INVALID, {
        field: 'period',
        kind: dto.kind,
        grammar: periodGrammarOf(spec),
      });
    }
    if (!(await this.geography.provinceExists(dto.scope.provinceCode))) {
      throw new DomainError(ReportsErrors.REPORT_PROVINCE_UNKNOWN, { field: 'scope.provinceCode' });
    }
    const communeCodes = [...new Set(dto.scope.communeCodes ?? [])].sort();
    for (const [i, code] of (dto.scope.communeCodes ?? []).entries()) {
      if (!(await this.geography.communeExists(code, dto.scope.provinceCode))) {
        throw new DomainError(ReportsErrors.REPORT_COMMUNE_UNKNOWN, { field: `scope.communeCodes.${i}` });
      }
    }
    const coverage = this.coverageOf(actor);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, () =>
        this.insert(m, actor, {
          kind: dto.kind,
          period: dto.period.trim(),
          provinceCode: dto.scope.provinceCode,
          communeCodes,
          format: dto.format,
          coverage,
        }),
      ),
    );
  }

  async get(actor: Actor, id: string): Promise<ReportRunDto> {
    return viewOf(await this.visibleRun(actor, id));
  }

  async file(actor: Actor, id: string): Promise<ReportFile> {
    const run = await this.visibleRun(actor, id);
    if (run.status !== 'done') throw new DomainError(ReportsErrors.REPORT_NOT_READY, { status: run.status });
    return this.dataSource.transaction(async (m) => {
      const file = await this.runs.fileOf(m, id);
      if (!file) throw new DomainError(ReportsErrors.REPORT_NOT_READY, { status: run.status });
      await this.audit.record(m, {
        action: 'report.downloaded',
        actor: actor.user,
        entityType: 'report',
        entityId: id,
        requestId: actor.requestId,
      });
      return file;
    });
  }

  /** The caller's runs and those of their organisation that report.read lets them see, newest first. */
  async list(actor: Actor, query: ListReportsQuery): Promise<ReportRunListDto> {
    await this.access.assert(actor.user, 'report.create', undefined, { actor });
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    const rows = await this.runs.page(
      this.dataSource.manager,
      {
        ...(after ? { after: { micros: after[0] ?? '', id: after[1] ?? '' } } : {}),
        visible: (firstParam) =>
          this.access.filter(actor.user, 'report.read', 'report', { alias: 'rr', firstParam }),
      },
      limit + 1,
    );
    return pageOf(rows, limit, (r) => [r.requestedAtMicros, r.id], viewOf);
  }

  /**
   * What the figures cover: a centre manager's the city (or their organisation's cases when
   * config/reporting.yaml scopes managers so), anyone else's their organisation's cases only.
   */
  private coverageOf(actor: Actor): 'city' | 'organization' {
    return actor.user.roles.includes('centre_manager') && this.reporting.managerScope === 'city'
      ? 'city'
      : 'organization';
  }

  private async insert(m: EntityManager, actor: Actor, run: NewRun): Promise<ReportQueuedDto> {
    const id = await this.runs.insertQueued(m, {
      ...run,
      requestedBy: actor.user.id,
      organizationId: actor.user.organizationId,
    });
    await this.outbox.write(m, 'report.requested', {
      reportRunId: id,
      organizationId: actor.user.organizationId,
    });
    await this.audit.record(m, {
      action: 'report.requested',
      actor: actor.user,
      entityType: 'report',
      entityId: id,
      reasonCode: `${run.kind}_${run.format}_${run.coverage}`,
      requestId: actor.requestId,
    });
    return { id, status: 'queued' };
  }

  private async visibleRun(actor: Actor, id: string): Promise<ReportRun> {
    const row = await this.runs.findById(this.dataSource.manager, id);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'report.read', accessRecordOf(row), { actor });
    return row;
  }
}
