import { Inject, Injectable, Logger } from '@nestjs/common';
import { ENV, Env } from '../../../platform/config';
import { DomainError } from '../../../platform/http';
import { PdfService } from '../../../platform/pdf';
import { ReportBuilder } from './report-builder';
import { ReportRunRepository } from './report-run.repository';
import { renderCsv } from './render/csv';
import { reportPdfSpec } from './render/pdf';
import { CONTENT_TYPES, reportFileName } from './render/report-model';
import { renderXlsx } from './render/xlsx';
import { REPORT_FORMATS } from './reports.config';
import type { ReportFormat } from './reports.config';
import { ReportsErrors } from './reports.errors';

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
    private readonly runs: ReportRunRepository,
    @Inject(ENV) private readonly env: Env,
    private readonly builder: ReportBuilder,
    private readonly pdf: PdfService,
  ) {}

  async run(runId: string, now = new Date()): Promise<RunOutcome> {
    const run = await this.runs.claim(runId);
    if (!run) return 'skipped';
    try {
      const format = this.formatOf(run.format);
      const built = await this.builder.build(
        {
          kind: run.kind,
          period: run.period,
          provinceCode: run.provinceCode,
          communeCodes: run.communeCodes,
          coverage: run.coverage,
          organizationId: run.organizationId,
        },
        now,
      );
      const bytes =
        format === 'xlsx'
          ? await renderXlsx(built.model)
          : format === 'csv'
            ? renderCsv(built.model)
            : await this.pdf.render(reportPdfSpec(built.model), { creationDate: now });
      await this.runs.markDone(run.id, {
        bytes,
        fileName: reportFileName(built.fileStem, built.period.id, format),
        contentType: CONTENT_TYPES[format],
      });
      return 'done';
    } catch (e) {
      // A domain refusal will not change on retry; anything else is retried until the attempts run out.
      const permanent = e instanceof DomainError;
      if (!permanent && run.attempts < this.env.JOB_ATTEMPTS) throw e;
      const code = permanent ? e.code : ReportsErrors.REPORT_GENERATION_FAILED;
      await this.runs.markFailed(run.id, code);
      this.logger.warn(`report run ${run.id} failed: ${code}`);
      return 'failed';
    }
  }

  private formatOf(format: string): ReportFormat {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new DomainError(ReportsErrors.REPORT_GENERATION_FAILED);
    }
    return format as ReportFormat;
  }
}
