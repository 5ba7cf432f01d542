import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import {
  CaseFollowUpsDto,
  CaseIdParams,
  CompleteFollowUpDto,
  CreateFollowUpDto,
  FollowUpDetailDto,
  FollowUpDto,
  FollowUpIdParams,
  RescheduleFollowUpDto,
  WorklistDto,
  WorklistQuery,
} from './dto/follow-up.dto';
import { FollowUpsQueries } from './follow-ups.queries';
import { FollowUpsService } from './follow-ups.service';

const HIDDEN = 'NOT_FOUND (also a follow-up or case the caller may not see)';

/** A case's follow-ups: adding one (case.add_follow_up), listing them (as the file is read: case.read). */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('cases/:id/follow-ups')
export class CaseFollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post()
  @Idempotent(201)
  @Policy('case.add_follow_up')
  @ApiOperation({ summary: "Add a follow-up to the case; default assignee: the case's" })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, FOLLOW_UP_KIND_NOT_MANUAL, FOLLOW_UP_DUE_IN_PAST, FOLLOW_UP_ASSIGNEE_INVALID',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (e.g. a closed case)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  create(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: CreateFollowUpDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<FollowUpDto> {
    return this.followUps.create(actor, p.id, body, cmd);
  }

  @Get()
  @Policy('case.read')
  @ApiOperation({ summary: "The case's follow-ups, open and done (open first by due time); audited" })
  @ApiOkResponse({ type: CaseFollowUpsDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  listForCase(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<CaseFollowUpsDto> {
    return this.followUps.listForCase(actor, p.id);
  }
}

/** The worklist, a follow-up, completing and rescheduling it. */
@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(
    private readonly followUps: FollowUpsService,
    private readonly queries: FollowUpsQueries,
  ) {}

  @Get()
  @Policy('follow_up.list')
  @ApiOperation({
    summary:
      "The worklist: open follow-ups, mine or (supervisors) my organisation's, by due time in Asia/Ho_Chi_Minh days",
  })
  @ApiOkResponse({ type: WorklistDto })
  @ApiForbiddenResponse({ description: 'FOLLOW_UP_SCOPE_NOT_ALLOWED: scope=organization is for supervisors' })
  list(@CurrentActor() actor: Actor, @Query() query: WorklistQuery): Promise<WorklistDto> {
    return this.queries.worklist(actor, query);
  }

  @Get(':id')
  @Policy('follow_up.read')
  @ApiOperation({ summary: "The follow-up, its note and the case's safe contact (the read is audited)" })
  @ApiOkResponse({ type: FollowUpDetailDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(@CurrentActor() actor: Actor, @Param() p: FollowUpIdParams): Promise<FollowUpDetailDto> {
    return this.followUps.get(actor, p.id);
  }

  @Post(':id/complete')
  @Idempotent(200)
  @Policy('follow_up.update')
  @ApiOperation({ summary: 'Done, with an outcome' })
  @ApiOkResponse({ type: FollowUpDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  @ApiUnprocessableEntityResponse({ description: 'FOLLOW_UP_NOT_OPEN naming its status' })
  @ApiNotFoundResponse({ description: HIDDEN })
  complete(
    @CurrentActor() actor: Actor,
    @Param() p: FollowUpIdParams,
    @Body() body: CompleteFollowUpDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<FollowUpDto> {
    return this.followUps.complete(actor, p.id, body, cmd);
  }

  @Post(':id/reschedule')
  @Idempotent(200)
  @Policy('follow_up.update')
  @ApiOperation({ summary: 'A new due time, with a reason (encrypted in the audit row); reminders restart' })
  @ApiOkResponse({ type: FollowUpDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, FOLLOW_UP_DUE_IN_PAST' })
  @ApiUnprocessableEntityResponse({ description: 'FOLLOW_UP_NOT_OPEN naming its status' })
  @ApiNotFoundResponse({ description: HIDDEN })
  reschedule(
    @CurrentActor() actor: Actor,
    @Param() p: FollowUpIdParams,
    @Body() body: RescheduleFollowUpDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<FollowUpDto> {
    return this.followUps.reschedule(actor, p.id, body, cmd);
  }
}
