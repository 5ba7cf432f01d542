import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import { CaseServicesService } from './case-services.service';
import { IncidentCorrectionService } from './incident-correction.service';
import { SafetyPlanService } from './safety-plan.service';
import { CaseIdParams } from './dto/case.dto';
import {
  CaseServiceCorrectionDto,
  CaseServiceDto,
  CaseServiceInputDto,
  CaseServiceParams,
  CaseServiceRemovalDto,
  CaseServicesDto,
} from './dto/case-services.dto';
import { IncidentCorrectedDto, IncidentCorrectionDto, IncidentParams } from './dto/incident-correction.dto';
import { SafetyPlanDto, SafetyPlanHistoryDto, SafetyPlanInputDto } from './dto/safety-plan.dto';

const HIDDEN = 'NOT_FOUND (also a case the caller may not see)';

/**
 * The case work of issue 15 on the file: the structured safety plan, the services given and the
 * incident's correction. Read as the file is read (case.read), changed as it is changed (case.update).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseWorkController {
  constructor(
    private readonly safetyPlans: SafetyPlanService,
    private readonly services: CaseServicesService,
    private readonly incidents: IncidentCorrectionService,
  ) {}

  @Get('safety-plan')
  @Policy('case.read')
  @ApiOperation({
    summary:
      "The safety plan, its status (needed, review due, current) and the survivor's code word; audited",
  })
  @ApiOkResponse({ type: SafetyPlanDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  getSafetyPlan(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<SafetyPlanDto> {
    return this.safetyPlans.get(actor, p.id);
  }

  @Put('safety-plan')
  @Idempotent(200)
  @Policy('case.update')
  @ApiOperation({ summary: 'Save the safety plan as a new version (version read; 0 for the first)' })
  @ApiOkResponse({ type: SafetyPlanDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiNotFoundResponse({ description: HIDDEN })
  saveSafetyPlan(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: SafetyPlanInputDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<SafetyPlanDto> {
    return this.safetyPlans.save(actor, p.id, body, cmd);
  }

  @Post('safety-plan/review')
  @Idempotent(200)
  @Policy('case.update')
  @ApiOperation({ summary: 'Record a review of the safety plan (changed or not): who and when' })
  @ApiOkResponse({ type: SafetyPlanDto })
  @ApiConflictResponse({ description: 'SAFETY_PLAN_NONE' })
  @ApiNotFoundResponse({ description: HIDDEN })
  reviewSafetyPlan(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<SafetyPlanDto> {
    return this.safetyPlans.review(actor, p.id, cmd);
  }

  @Get('safety-plan/history')
  @Policy('case.read')
  @ApiOperation({ summary: "The safety plan's versions and reviews, newest first; audited" })
  @ApiOkResponse({ type: SafetyPlanHistoryDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  safetyPlanHistory(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<SafetyPlanHistoryDto> {
    return this.safetyPlans.history(actor, p.id);
  }

  @Post('services')
  @Idempotent(201)
  @Policy('case.update')
  @ApiOperation({ summary: 'Record a service given to the survivor (counted by the statistics)' })
  @ApiCreatedResponse({ type: CaseServiceDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, CASE_SERVICE_DATE_INVALID, CASE_SERVICE_GIVER_INVALID',
  })
  @ApiNotFoundResponse({ description: HIDDEN })
  addService(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: CaseServiceInputDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CaseServiceDto> {
    return this.services.add(actor, p.id, body, cmd);
  }

  @Get('services')
  @Policy('case.read')
  @ApiOperation({ summary: 'The services given recorded on the case (removed ones flagged); audited' })
  @ApiOkResponse({ type: CaseServicesDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  listServices(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<CaseServicesDto> {
    return this.services.list(actor, p.id);
  }

  @Patch('services/:serviceId')
  @Policy('case.update')
  @ApiOperation({ summary: 'Correct a service entry, with its version; audited (changed fields named)' })
  @ApiOkResponse({ type: CaseServiceDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, CASE_SERVICE_DATE_INVALID',
  })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT, CASE_SERVICE_REMOVED' })
  @ApiNotFoundResponse({ description: HIDDEN })
  correctService(
    @CurrentActor() actor: Actor,
    @Param() p: CaseServiceParams,
    @Body() body: CaseServiceCorrectionDto,
  ): Promise<CaseServiceDto> {
    return this.services.correct(actor, p.id, p.serviceId, body);
  }

  @Post('services/:serviceId/remove')
  @HttpCode(200)
  @Policy('case.update')
  @ApiOperation({ summary: 'Remove a mistaken service entry (kept, flagged, out of the counts); audited' })
  @ApiOkResponse({ type: CaseServiceDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT, CASE_SERVICE_REMOVED' })
  @ApiNotFoundResponse({ description: HIDDEN })
  removeService(
    @CurrentActor() actor: Actor,
    @Param() p: CaseServiceParams,
    @Body() body: CaseServiceRemovalDto,
  ): Promise<CaseServiceDto> {
    return this.services.remove(actor, p.id, p.serviceId, body);
  }

  @Patch('incidents/:incidentId')
  @Policy('case.update')
  @ApiOperation({
    summary: 'Correct an incident after intake, with its version (checked as at intake); audited',
  })
  @ApiOkResponse({ type: IncidentCorrectedDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, CASE_COMMUNE_UNKNOWN, INCIDENT_*',
  })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiNotFoundResponse({ description: HIDDEN })
  correctIncident(
    @CurrentActor() actor: Actor,
    @Param() p: IncidentParams,
    @Body() body: IncidentCorrectionDto,
  ): Promise<IncidentCorrectedDto> {
    return this.incidents.correct(actor, p.id, p.incidentId, body);
  }
}
