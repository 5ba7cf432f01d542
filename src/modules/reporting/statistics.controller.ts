import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, DomainError, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { AccessService } from '../access';
import { parsePeriod, PERIOD_GRAMMAR } from '../activities';
import { resolveRange } from './domain/range';
import type { FigureScope, StatisticsQuery } from './domain/statistics.types';
import {
  IndicatorPlanListDto,
  IndicatorReportDto,
  IndicatorsQueryDto,
  StatisticsQueryDto,
  StatisticsTableDto,
  SubjectParams,
} from './dto/statistics.dto';
import { IndicatorsService } from './indicators.service';
import { StatisticsService } from './statistics.service';

/** The caller's scope narrowed to the province and communes asked for (never widened). */
function narrowed(
  scope: FigureScope,
  provinceCode: string | undefined,
  communeCodes: string[] | undefined,
): FigureScope {
  if (provinceCode !== undefined && provinceCode !== scope.provinceCode) {
    throw new DomainError('STATISTICS_PROVINCE_OUT_OF_SCOPE', { field: 'provinceCode' });
  }
  return communeCodes && communeCodes.length > 0
    ? { ...scope, communeCodes: [...new Set(communeCodes)] }
    : scope;
}

/**
 * Anonymised statistics and plan indicators (docs/DESIGN.md §6): centre managers (the city, or their
 * organisation as configured) and supervisors (their organisation's cases), every figure under
 * disclosure control. Nothing here returns a name, a case id or a reference.
 */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller()
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly indicators: IndicatorsService,
    private readonly access: AccessService,
  ) {}

  @Get('statistics/:subject')
  @Policy('report.statistics')
  @ApiOperation({
    summary:
      'Counts of cases, survivors, incidents, referrals or services by up to four dimensions, under the cell-key rule',
  })
  @ApiOkResponse({ type: StatisticsTableDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, STATISTICS_UNKNOWN_SUBJECT, STATISTICS_UNKNOWN_DIMENSION, STATISTICS_TOO_MANY_DIMENSIONS, STATISTICS_DUPLICATE_DIMENSION, STATISTICS_DIMENSION_NOT_APPLICABLE, STATISTICS_RANGE_INVALID, STATISTICS_PERIOD_INVALID, STATISTICS_PROVINCE_OUT_OF_SCOPE',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only centre managers and supervisors' })
  async table(
    @CurrentActor() actor: Actor,
    @Param() p: SubjectParams,
    @Query() q: StatisticsQueryDto,
  ): Promise<StatisticsTableDto> {
    await this.access.assert(actor.user, 'report.statistics', undefined, { actor });
    const range = resolveRange(q);
    const query = {
      subject: p.subject,
      ...range,
      groupBy: q.groupBy ?? [],
    } as StatisticsQuery; // checked by StatisticsService.check (subject and dimensions name their 400)
    const scope = narrowed(this.statistics.scopeOf(actor.user), q.provinceCode, q.communeCodes);
    return this.statistics.table(scope, query);
  }

  @Get('indicators/plans')
  @Policy('report.indicators')
  @ApiOperation({ summary: 'The indicator plans there are: the ids GET /api/v1/indicators takes as plan' })
  @ApiOkResponse({ type: IndicatorPlanListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only centre managers and supervisors' })
  async indicatorPlans(@CurrentActor() actor: Actor): Promise<IndicatorPlanListDto> {
    await this.access.assert(actor.user, 'report.indicators', undefined, { actor });
    return { plans: this.indicators.listPlans() };
  }

  @Get('indicators')
  @Policy('report.indicators')
  @ApiOperation({
    summary: "A plan's indicators for a period, for the caller's scope or some of its communes",
  })
  @ApiOkResponse({ type: IndicatorReportDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, INDICATOR_PLAN_UNKNOWN, STATISTICS_PERIOD_INVALID, STATISTICS_PROVINCE_OUT_OF_SCOPE',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only centre managers and supervisors' })
  async indicatorReport(
    @CurrentActor() actor: Actor,
    @Query() q: IndicatorsQueryDto,
  ): Promise<IndicatorReportDto> {
    await this.access.assert(actor.user, 'report.indicators', undefined, { actor });
    this.indicators.plan(q.plan);
    const period = parsePeriod(q.period);
    if (!period)
      throw new DomainError('STATISTICS_PERIOD_INVALID', { field: 'period', grammar: PERIOD_GRAMMAR });
    const communes = [...(q.communeCode ? [q.communeCode] : []), ...(q.communeCodes ?? [])];
    const scope = narrowed(this.statistics.scopeOf(actor.user), q.provinceCode, communes);
    const report = await this.indicators.evaluate(scope, q.plan, period);
    return { ...report, disclosure: { ...this.statistics.rule } };
  }
}
