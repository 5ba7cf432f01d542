import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, decodeCursor, DomainError, encodeCursor } from '../../../platform/http';
import { IdempotencyService } from '../../../platform/idempotency';
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
import { periodGrammarOf, reportPeriod } from './report-request';
import { REPORTS_CONFIG } from './reports.config';
import type { ReportsConfig } from './reports.config';
import { ReportsErrors } from './reports.errors';

const ROUTE_CREATE = 'POST /api/v1/reports';

interface NewRun {
  kind: string;
  period: string;
  provinceCode: string;
  communeCodes: string[];
  format: string;
  coverage: 'city' | 'organization';
}

interface RunRow {
  id: string;
  kind: string;
  period: string;
  province_code: string;
  commune_codes: string[];
  format: string;
  status: string;
  coverage: string;
  requested_by: string;
  organization_id: string;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  file_name: string | null;
  file_size: number | null;
  error_code: string | null;
  micros: string;
}

const RUN_COLUMNS = `rr.id, rr.kind, rr.period, rr.province_code, rr.commune_codes, rr.format, rr.status, rr.coverage,
  rr.requested_by, rr.organization_id, rr.requested_at, rr.started_at, rr.finished_at, rr.file_name,
  rr.file_size, rr.error_code, (extract(epoch FROM rr.requested_at) * 1000000)::bigint::text AS micros`;

const accessRecordOf = (r: RunRow): AccessRecord => ({
  id: r.id,
  ownerId: r.requested_by,
  organizationId: r.organization_id,
  createdBy: r.requested_by,
  createdAt: r.requested_at,
  status: r.status,
});

const viewOf = (r: RunRow): ReportRunDto => ({
  id: r.id,
  kind: r.kind,
  period: r.period,
  scope: { provinceCode: r.province_code, communeCodes: r.commune_codes },
  format: r.format,
  status: r.status,
  coverage: r.coverage,
  requestedAt: r.requested_at.toISOString(),
  startedAt: r.started_at?.toISOString() ?? null,
  finishedAt: r.finished_at?.toISOString() ?? null,
  fileName: r.file_name,
  fileSize: r.file_size,
  errorCode: r.error_code,
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
    @Inject(REPORTS_CONFIG) private readonly config: ReportsConfig,
    @Inject(REPORTING_CONFIG) private readonly reporting: ReportingConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly idempotency: IdempotencyService,
    private readonly geography: GeographyService,
  ) {}

  async request(
    actor: Actor,
    dto: CreateReportDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: ReportQueuedDto }> {
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
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        { scope: actor.user.id, route: ROUTE_CREATE, key: idempotencyKey, body: dto },
        async () => ({
          statusCode: 202,
          body: await this.insert(m, actor, {
            kind: dto.kind,
            period: dto.period.trim(),
            provinceCode: dto.scope.provinceCode,
            communeCodes,
            format: dto.format,
            coverage,
          }),
        }),
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  async get(actor: Actor, id: string): Promise<ReportRunDto> {
    return viewOf(await this.visibleRun(actor, id));
  }

  async file(actor: Actor, id: string): Promise<ReportFile> {
    const run = await this.visibleRun(actor, id);
    if (run.status !== 'done') throw new DomainError(ReportsErrors.REPORT_NOT_READY, { status: run.status });
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query<{ file: Buffer; file_name: string; content_type: string }[]>(
        `SELECT file, file_name, content_type FROM report_runs WHERE id = $1 AND status = 'done'`,
        [id],
      );
      if (!row) throw new DomainError(ReportsErrors.REPORT_NOT_READY, { status: run.status });
      await this.audit.record(m, {
        action: 'report.downloaded',
        actor: actor.user,
        entityType: 'report',
        entityId: id,
        requestId: actor.requestId,
      });
      return { fileName: row.file_name, contentType: row.content_type, bytes: row.file };
    });
  }

  /** The caller's runs and those of their organisation that report.read lets them see, newest first. */
  async list(actor: Actor, query: ListReportsQuery): Promise<ReportRunListDto> {
    await this.access.assert(actor.user, 'report.create', undefined, { actor });
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    const params: unknown[] = [];
    const where: string[] = [];
    if (after) {
      params.push(after[0], after[1]);
      where.push(`((extract(epoch FROM rr.requested_at) * 1000000)::bigint, rr.id) < ($1::bigint, $2::uuid)`);
    }
    const filter = this.access.filter(actor.user, 'report.read', 'report', {
      alias: 'rr',
      firstParam: params.length + 1,
    });
    params.push(...filter.params);
    where.push(`(${filter.sql})`);
    params.push(limit + 1);
    const rows = await this.dataSource.query<RunRow[]>(
      `SELECT ${RUN_COLUMNS} FROM report_runs rr WHERE ${where.join(' AND ')}
        ORDER BY rr.requested_at DESC, rr.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(viewOf),
      nextCursor: rows.length > limit && last ? encodeCursor([last.micros, last.id]) : null,
    };
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
    const [row] = await m.query<{ id: string }[]>(
      `INSERT INTO report_runs (kind, period, province_code, commune_codes, format, status, requested_by,
                                organization_id, coverage)
       VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8) RETURNING id`,
      [
        run.kind,
        run.period,
        run.provinceCode,
        run.communeCodes,
        run.format,
        actor.user.id,
        actor.user.organizationId,
        run.coverage,
      ],
    );
    if (!row) throw new Error('report_runs insert returned no row');
    const id = row.id;
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

  private async visibleRun(actor: Actor, id: string): Promise<RunRow> {
    const [row] = await this.dataSource.query<RunRow[]>(
      `SELECT ${RUN_COLUMNS} FROM report_runs rr WHERE rr.id = $1`,
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'report.read', accessRecordOf(row), { actor });
    return row;
  }
}
