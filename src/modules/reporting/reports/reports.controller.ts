import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Policy } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../../platform/idempotency';
import type { IdempotentCommand } from '../../../platform/idempotency';
import {
  CreateReportDto,
  ListReportsQuery,
  ReportIdParams,
  ReportQueuedDto,
  ReportRunDto,
  ReportRunListDto,
} from './dto/report.dto';
import { ReportsService } from './reports.service';

/** Monthly, 6-monthly and annual reports, made by the worker (docs/DESIGN.md §6). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Policy('report.create')
  @ApiOperation({
    summary: 'Asks for a report (XLSX, CSV or PDF in Vietnamese); the worker makes it',
    description:
      "A centre manager's report covers the city, a supervisor's their organisation's cases only. Poll GET /api/v1/reports/:id until status is done.",
  })
  @Idempotent(202)
  @ApiAcceptedResponse({ type: ReportQueuedDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, REPORT_PERIOD_INVALID, REPORT_PROVINCE_UNKNOWN, REPORT_COMMUNE_UNKNOWN',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only centre managers and supervisors' })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateReportDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ReportQueuedDto> {
    return this.reports.request(actor, body, cmd);
  }

  @Get()
  @Policy('report.read')
  @ApiOperation({
    summary: "The caller's report runs and those of their organisation they may read, newest first",
  })
  @ApiOkResponse({ type: ReportRunListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only centre managers and supervisors' })
  list(@CurrentActor() actor: Actor, @Query() query: ListReportsQuery): Promise<ReportRunListDto> {
    return this.reports.list(actor, query);
  }

  @Get(':id')
  @Policy('report.read')
  @ApiOperation({ summary: "A report run's status, and its file's name and size once done" })
  @ApiOkResponse({ type: ReportRunDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (also a run the caller may not see)' })
  get(@CurrentActor() actor: Actor, @Param() p: ReportIdParams): Promise<ReportRunDto> {
    return this.reports.get(actor, p.id);
  }

  @Get(':id/file')
  @Policy('report.read')
  @ApiOperation({ summary: "The report's file (only figures under disclosure control)" })
  @ApiProduces(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/csv',
    'application/pdf',
  )
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'REPORT_NOT_READY (queued, running or failed)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (also a run the caller may not see)' })
  async file(
    @CurrentActor() actor: Actor,
    @Param() p: ReportIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.reports.file(actor, p.id);
    reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .header('Cache-Control', 'no-store');
    return file.bytes;
  }
}
