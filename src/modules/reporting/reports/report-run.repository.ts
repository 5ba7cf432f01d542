import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { col, firstRow, PositionalParams, Queryable, rowShape, rowsOf } from '../../../platform/database';
import type { AccessFilter } from '../../access';

/** A run as its requester and the worker see it (never its file's bytes). */
export interface ReportRun {
  id: string;
  kind: string;
  period: string;
  provinceCode: string;
  communeCodes: string[];
  format: string;
  status: string;
  coverage: string;
  requestedBy: string;
  organizationId: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  fileName: string | null;
  fileSize: number | null;
  errorCode: string | null;
  /** requested_at in microseconds since the epoch, for the keyset cursor. */
  requestedAtMicros: string;
}

export interface NewReportRun {
  kind: string;
  period: string;
  provinceCode: string;
  communeCodes: string[];
  format: string;
  coverage: 'city' | 'organization';
  requestedBy: string;
  organizationId: string;
}

/** What the worker needs to make the file of a run it has claimed. */
export interface ClaimedRun {
  id: string;
  kind: string;
  period: string;
  provinceCode: string;
  communeCodes: string[];
  format: string;
  coverage: string;
  organizationId: string;
  attempts: number;
}

export interface ReportFileRow {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

const RUN = rowShape('report_runs', {
  id: col.uuid(),
  kind: col.text(),
  period: col.text(),
  province_code: col.text(),
  commune_codes: col.textArray(),
  format: col.text(),
  status: col.text(),
  coverage: col.text(),
  requested_by: col.uuid(),
  organization_id: col.uuid(),
  requested_at: col.time(),
  started_at: col.time().orNull(),
  finished_at: col.time().orNull(),
  file_name: col.text().orNull(),
  file_size: col.int().orNull(),
  error_code: col.text().orNull(),
  micros: col.text().as('(extract(epoch FROM {a}.requested_at) * 1000000)::bigint::text'),
});

const CLAIMED = rowShape('report_runs', {
  id: col.uuid(),
  kind: col.text(),
  period: col.text(),
  province_code: col.text(),
  commune_codes: col.textArray(),
  format: col.text(),
  coverage: col.text(),
  organization_id: col.uuid(),
  attempts: col.int(),
});

const FILE = rowShape('report_runs', {
  file: col.bytes(),
  file_name: col.text(),
  content_type: col.text(),
});

const ID = rowShape('report_runs', { id: col.uuid() });

const runOf = (raw: unknown): ReportRun => {
  const r = RUN.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    period: r.period,
    provinceCode: r.province_code,
    communeCodes: r.commune_codes,
    format: r.format,
    status: r.status,
    coverage: r.coverage,
    requestedBy: r.requested_by,
    organizationId: r.organization_id,
    requestedAt: r.requested_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    fileName: r.file_name,
    fileSize: r.file_size,
    errorCode: r.error_code,
    requestedAtMicros: r.micros,
  };
};

/**
 * report_runs: a run goes queued → running → done | failed; its file (figures under disclosure control
 * only) is kept on the row so that the API and the worker on different hosts both reach it.
 */
@Injectable()
export class ReportRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A queued run; its id. */
  async insertQueued(m: Queryable, run: NewReportRun): Promise<string> {
    const row = await firstRow(
      m,
      `INSERT INTO report_runs (kind, period, province_code, commune_codes, format, status, requested_by,
                                organization_id, coverage)
       VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8) RETURNING id`,
      [
        run.kind,
        run.period,
        run.provinceCode,
        run.communeCodes,
        run.format,
        run.requestedBy,
        run.organizationId,
        run.coverage,
      ],
    );
    if (row === undefined) throw new Error('report_runs insert returned no row');
    return ID.parse(row).id;
  }

  async findById(q: Queryable, id: string): Promise<ReportRun | undefined> {
    const row = await firstRow(q, `SELECT ${RUN.columns('rr')} FROM report_runs rr WHERE rr.id = $1`, [id]);
    return row === undefined ? undefined : runOf(row);
  }

  /** The file of a run that is done; undefined otherwise. */
  async fileOf(q: Queryable, id: string): Promise<ReportFileRow | undefined> {
    const row = await firstRow(
      q,
      `SELECT file, file_name, content_type FROM report_runs WHERE id = $1 AND status = 'done'`,
      [id],
    );
    if (row === undefined) return undefined;
    const r = FILE.parse(row);
    return { fileName: r.file_name, contentType: r.content_type, bytes: r.file };
  }

  /** The runs the access filter keeps, newest first, after the cursor; `limit` rows. */
  async page(
    q: Queryable,
    opts: { after?: { micros: string; id: string }; visible: (firstParam: number) => AccessFilter },
    limit: number,
  ): Promise<ReportRun[]> {
    const p = new PositionalParams();
    const where: string[] = [];
    if (opts.after) {
      where.push(
        `((extract(epoch FROM rr.requested_at) * 1000000)::bigint, rr.id) < (${p.add(opts.after.micros)}::bigint, ${p.add(opts.after.id)}::uuid)`,
      );
    }
    const visible = opts.visible(p.values.length + 1);
    where.push(`(${visible.sql})`);
    const rest = new PositionalParams(p.values.length + visible.params.length + 1);
    const rows = await rowsOf(
      q,
      `SELECT ${RUN.columns('rr')} FROM report_runs rr WHERE ${where.join(' AND ')}
        ORDER BY rr.requested_at DESC, rr.id DESC LIMIT ${rest.add(limit)}`,
      [...p.values, ...visible.params, ...rest.values],
    );
    return rows.map(runOf);
  }

  // --- the worker (autocommit: each step is its own transaction) -----------------------------------------

  /** Moves a queued (or crashed, still running) run to running; undefined when finished or unknown. */
  async claim(id: string): Promise<ClaimedRun | undefined> {
    const row = await firstRow(
      this.dataSource.manager,
      `WITH u AS (
         UPDATE report_runs SET status = 'running', started_at = now(), attempts = attempts + 1
          WHERE id = $1 AND status IN ('queued', 'running')
          RETURNING id, kind, period, province_code, commune_codes, format, coverage, organization_id, attempts)
       SELECT * FROM u`,
      [id],
    );
    if (row === undefined) return undefined;
    const r = CLAIMED.parse(row);
    return {
      id: r.id,
      kind: r.kind,
      period: r.period,
      provinceCode: r.province_code,
      communeCodes: r.commune_codes,
      format: r.format,
      coverage: r.coverage,
      organizationId: r.organization_id,
      attempts: r.attempts,
    };
  }

  async markDone(id: string, file: ReportFileRow): Promise<void> {
    await this.dataSource.manager.query(
      `UPDATE report_runs SET status = 'done', finished_at = now(), file = $2, file_name = $3,
              content_type = $4, file_size = $5, error_code = NULL
        WHERE id = $1 AND status = 'running'`,
      [id, file.bytes, file.fileName, file.contentType, file.bytes.length],
    );
  }

  /** Failed, with a code only (messages may quote data). */
  async markFailed(id: string, code: string): Promise<void> {
    await this.dataSource.manager.query(
      `UPDATE report_runs SET status = 'failed', finished_at = now(), error_code = $2
        WHERE id = $1 AND status = 'running'`,
      [id, code],
    );
  }
}
