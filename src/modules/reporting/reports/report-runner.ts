import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENV, Env } from '../../../platform/config';
import { DomainError } from '../../../platform/http';
import { PdfService } from '../../../platform/pdf';
import { ReportBuilder } from './report-builder';
import { renderCsv } from './render/csv';
import { reportPdfSpec } from './render/pdf';
import { CONTENT_TYPES, reportFileName } from './render/report-model';
import { renderXlsx } from './render/xlsx';
import { REPORT_FORMATS } from './reports.config';
import type { ReportFormat } from './reports.config';
import { ReportsErrors } from './reports.errors';

interface ClaimedRun {
  id: string;
  kind: string;
  period: string;
  province_code: string;
  commune_codes: string[];
  format: string;
  coverage: string;
  organization_id: string;
  attempts: number;
}

export type RunOutcome = 'done' | 'failed' | 'skipped';

/**
 * Makes a report run's file in the worker: queued → running → done | failed. A run already done or
 * failed is left alone (a redelivered event changes nothing); a run left `running` by a crashed worker is
 * made again when its event comes back. Failures are stored as a code only: messages may quote data.
 */
@Injectable()
export class ReportRunner {
  private readonly logger = new Logger(ReportRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ENV) private readonly env: Env,
    private readonly builder: ReportBuilder,
    private readonly pdf: PdfService,
  ) {}

  async run(runId: string, now = new Date()): Promise<RunOutcome> {
    const run = await this.claim(runId);
    if (!run) return 'skipped';
    try {
      const format = this.formatOf(run.format);
      const built = await this.builder.build(
        {
          kind: run.kind,
          period: run.period,
          provinceCode: run.province_code,
          communeCodes: run.commune_codes,
          coverage: run.coverage,
          organizationId: run.organization_id,
        },
        now,
      );
      const bytes =
        format === 'xlsx'
          ? await renderXlsx(built.model)
          : format === 'csv'
            ? renderCsv(built.model)
            : await this.pdf.render(reportPdfSpec(built.model), { creationDate: now });
      await this.dataSource.query(
        `UPDATE report_runs SET status = 'done', finished_at = now(), file = $2, file_name = $3,
                content_type = $4, file_size = $5, error_code = NULL
          WHERE id = $1 AND status = 'running'`,
        [
          run.id,
          bytes,
          reportFileName(built.fileStem, built.period.id, format),
          CONTENT_TYPES[format],
          bytes.length,
        ],
      );
      return 'done';
    } catch (e) {
      // A domain refusal will not change on retry; anything else is retried until the attempts run out.
      const permanent = e instanceof DomainError;
      if (!permanent && run.attempts < this.env.JOB_ATTEMPTS) throw e;
      const code = permanent ? e.code : ReportsErrors.REPORT_GENERATION_FAILED;
      await this.dataSource.query(
        `UPDATE report_runs SET status = 'failed', finished_at = now(), error_code = $2
          WHERE id = $1 AND status = 'running'`,
        [run.id, code],
      );
      this.logger.warn(`report run ${run.id} failed: ${code}`);
      return 'failed';
    }
  }

  /** Moves a queued (or crashed, still running) run to running; null when it is finished or unknown. */
  private async claim(runId: string): Promise<ClaimedRun | null> {
    // In a CTE: the driver gives a bare UPDATE … RETURNING as [rows, count].
    const [row] = await this.dataSource.query<ClaimedRun[]>(
      `WITH u AS (
         UPDATE report_runs SET status = 'running', started_at = now(), attempts = attempts + 1
          WHERE id = $1 AND status IN ('queued', 'running')
          RETURNING id, kind, period, province_code, commune_codes, format, coverage, organization_id, attempts)
       SELECT * FROM u`,
      [runId],
    );
    return row ?? null;
  }

  private formatOf(format: string): ReportFormat {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new DomainError(ReportsErrors.REPORT_GENERATION_FAILED);
    }
    return format as ReportFormat;
  }
}
