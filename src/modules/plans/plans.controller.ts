import { Body, Controller, Get, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Policy, Roles } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import {
  CasePlanActionParams,
  CasePlanDto,
  CasePlanParams,
  CurrentPlanDto,
  PlanActionDto,
  PlanApprovalsDto,
  PlanCaseParams,
  PlanVersionDto,
  PlanVersionsDto,
  ReturnPlanDto,
  UpdatePlanActionDto,
  UpdatePlanDto,
} from './dto/plan.dto';
import { PlanReadsService } from './plan-reads.service';
import { PlansService } from './plans.service';

const HIDDEN = 'NOT_FOUND (also a case or plan the caller may not see)';

/** The case plan: its versions, a draft's writing, submission, approval or return, the actions' progress. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('cases/:id/plan')
export class CasePlanController {
  constructor(
    private readonly plans: PlansService,
    private readonly reads: PlanReadsService,
  ) {}

  @Get()
  @Policy('case.read_plan')
  @ApiOperation({
    summary: 'The current plan: the approved version and a draft, submitted or returned one; audited',
  })
  @ApiOkResponse({ type: CurrentPlanDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  getCasePlan(@CurrentActor() actor: Actor, @Param() p: PlanCaseParams): Promise<CurrentPlanDto> {
    return this.reads.current(actor, p.id);
  }

  @Get('versions')
  @Policy('case.read_plan')
  @ApiOperation({ summary: "The plan's versions, newest first (no text); audited" })
  @ApiOkResponse({ type: PlanVersionsDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  listPlanVersions(@CurrentActor() actor: Actor, @Param() p: PlanCaseParams): Promise<PlanVersionsDto> {
    return this.reads.versions(actor, p.id);
  }

  @Get('versions/:planId')
  @Policy('case.read_plan')
  @ApiOperation({ summary: 'One version of the plan, superseded ones included; audited' })
  @ApiOkResponse({ type: CasePlanDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  getPlanVersion(@CurrentActor() actor: Actor, @Param() p: CasePlanParams): Promise<CasePlanDto> {
    return this.reads.version(actor, p.id, p.planId);
  }

  @Post()
  @Idempotent(201)
  @Policy('case.edit_plan')
  @ApiOperation({
    summary: 'Start a draft: the first version, or a new one copied from the approved version',
  })
  @ApiCreatedResponse({ type: CasePlanDto })
  @ApiConflictResponse({ description: 'PLAN_DRAFT_EXISTS naming its status' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (e.g. a closed case)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  startCasePlan(
    @CurrentActor() actor: Actor,
    @Param() p: PlanCaseParams,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    return this.plans.start(actor, p.id, cmd);
  }

  @Put(':planId')
  @Policy('case.edit_plan')
  @ApiOperation({ summary: "A draft's goals and actions, all of them, with the version read" })
  @ApiOkResponse({ type: CasePlanDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, PLAN_PROVIDER_INVALID, PLAN_REFERRAL_INVALID, PLAN_DROP_REASON_REQUIRED',
  })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiUnprocessableEntityResponse({ description: 'PLAN_NOT_EDITABLE naming its status' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (e.g. a closed case)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  update(
    @CurrentActor() actor: Actor,
    @Param() p: CasePlanParams,
    @Body() body: UpdatePlanDto,
  ): Promise<CasePlanDto> {
    return this.plans.update(actor, p.id, p.planId, body);
  }

  @Post(':planId/submit')
  @Idempotent(200)
  @Policy('case.edit_plan')
  @ApiOperation({ summary: "Submit for a supervisor's approval (approved at once where none is required)" })
  @ApiOkResponse({ type: CasePlanDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiUnprocessableEntityResponse({ description: 'PLAN_NOT_EDITABLE, PLAN_EMPTY' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (e.g. a closed case)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  submit(
    @CurrentActor() actor: Actor,
    @Param() p: CasePlanParams,
    @Body() body: PlanVersionDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    return this.plans.submit(actor, p.id, p.planId, body, cmd);
  }

  @Post(':planId/approve')
  @Idempotent(200)
  @Policy('case.approve_plan')
  @ApiOperation({
    summary:
      'A supervisor other than the submitter approves: the last approved version is superseded, reviews planned',
  })
  @ApiOkResponse({ type: CasePlanDto })
  @ApiForbiddenResponse({ description: 'PLAN_SELF_DECISION, FORBIDDEN' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiUnprocessableEntityResponse({ description: 'PLAN_NOT_SUBMITTED naming its status' })
  @ApiNotFoundResponse({ description: HIDDEN })
  approve(
    @CurrentActor() actor: Actor,
    @Param() p: CasePlanParams,
    @Body() body: PlanVersionDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    return this.plans.approve(actor, p.id, p.planId, body, cmd);
  }

  @Post(':planId/return')
  @Idempotent(200)
  @Policy('case.approve_plan')
  @ApiOperation({ summary: 'A supervisor other than the submitter sends the plan back with a reason' })
  @ApiOkResponse({ type: CasePlanDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiForbiddenResponse({ description: 'PLAN_SELF_DECISION, FORBIDDEN' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiUnprocessableEntityResponse({ description: 'PLAN_NOT_SUBMITTED naming its status' })
  @ApiNotFoundResponse({ description: HIDDEN })
  return(
    @CurrentActor() actor: Actor,
    @Param() p: CasePlanParams,
    @Body() body: ReturnPlanDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    return this.plans.return(actor, p.id, p.planId, body, cmd);
  }

  @Patch('actions/:actionId')
  @Idempotent(200)
  @Policy('case.edit_plan')
  @ApiOperation({
    summary: "An action's progress (status, a drop with its reason, its note), without a new version",
  })
  @ApiOkResponse({ type: PlanActionDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, PLAN_DROP_REASON_REQUIRED' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiUnprocessableEntityResponse({ description: 'PLAN_ACTION_FOLLOWS_REFERRAL, PLAN_ACTION_NOT_CHANGEABLE' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (e.g. a closed case)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  updatePlanAction(
    @CurrentActor() actor: Actor,
    @Param() p: CasePlanActionParams,
    @Body() body: UpdatePlanActionDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<PlanActionDto> {
    return this.plans.updateAction(actor, p.id, p.actionId, body, cmd);
  }
}

/** The supervisor's list of plans awaiting approval (a simple list until the supervisor's screens come). */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('plan-approvals')
export class PlanApprovalsController {
  constructor(private readonly reads: PlanReadsService) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "Submitted plans of the supervisor's organisation that they may decide: ids, reference, submitter, dates",
  })
  @ApiOkResponse({ type: PlanApprovalsDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: supervisors only' })
  list(@CurrentActor() actor: Actor): Promise<PlanApprovalsDto> {
    return this.reads.approvals(actor);
  }
}
