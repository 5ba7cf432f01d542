import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
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
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import { ActivitiesService } from './activities.service';
import { DenominatorsService } from './denominators.service';
import {
  ActivityDetailDto,
  ActivityDto,
  ActivityIdParams,
  ActivityListDto,
  CreateActivityDto,
  DenominatorDto,
  DenominatorListDto,
  ListActivitiesQuery,
  ListDenominatorsQuery,
  SetDenominatorDto,
  UpdateActivityDto,
} from './dto/activity.dto';

const CHECKS = 'VALIDATION_FAILED, ACTIVITY_KEY_UNKNOWN, ACTIVITY_DATE_*, ACTIVITY_COMMUNE_UNKNOWN…';
const RULES = 'ACTIVITY_YOUTH_ABOVE_TOTAL, ACTIVITY_MODEL_MISMATCH, IDEMPOTENCY_KEY_REUSED';
const HIDDEN = 'NOT_FOUND (also an activity the caller may not see)';

@ApiTags('activities')
@ApiBearerAuth()
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Policy('activity.create')
  @ApiOperation({ summary: "Records a community activity of the caller's organisation" })
  @Idempotent(201)
  @ApiCreatedResponse({ type: ActivityDto })
  @ApiBadRequestResponse({ description: CHECKS })
  @ApiUnprocessableEntityResponse({ description: RULES })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateActivityDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ActivityDto> {
    return this.activities.create(actor, body, cmd);
  }

  @Get()
  @Policy('activity.list')
  @ApiOperation({ summary: 'The activities the caller may see, by date, newest first (keyset pages)' })
  @ApiOkResponse({ type: ActivityListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that see no activity' })
  list(@CurrentActor() actor: Actor, @Query() query: ListActivitiesQuery): Promise<ActivityListDto> {
    return this.activities.list(actor, query);
  }

  @Get(':id')
  @Policy('activity.read')
  @ApiOperation({ summary: 'One activity with its notes (decrypted); every read is audited' })
  @ApiOkResponse({ type: ActivityDetailDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(@CurrentActor() actor: Actor, @Param() p: ActivityIdParams): Promise<ActivityDetailDto> {
    return this.activities.get(actor, p.id);
  }

  @Patch(':id')
  @Policy('activity.update')
  @ApiOperation({ summary: 'Changes an activity, with the version read; the same checks as recording' })
  @ApiOkResponse({ type: ActivityDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiBadRequestResponse({ description: CHECKS })
  @ApiUnprocessableEntityResponse({ description: RULES })
  @ApiNotFoundResponse({ description: HIDDEN })
  update(
    @CurrentActor() actor: Actor,
    @Param() p: ActivityIdParams,
    @Body() body: UpdateActivityDto,
  ): Promise<ActivityDto> {
    return this.activities.update(actor, p.id, body);
  }
}

@ApiTags('activities')
@ApiBearerAuth()
@Controller('indicator-denominators')
export class DenominatorsController {
  constructor(private readonly denominators: DenominatorsService) {}

  @Put()
  @Policy('activity.set_denominator')
  @ApiOperation({ summary: "Sets a denominator of the plan's indicators for a period and unit (upsert)" })
  @ApiOkResponse({ type: DenominatorDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, ACTIVITY_PERIOD_INVALID, ACTIVITY_KEY_UNKNOWN…' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (managers only)' })
  set(@CurrentActor() actor: Actor, @Body() body: SetDenominatorDto): Promise<DenominatorDto> {
    return this.denominators.set(actor, body);
  }

  @Get()
  @Policy('activity.set_denominator')
  @ApiOperation({ summary: "A period's denominators of a province, or of one commune" })
  @ApiOkResponse({ type: DenominatorListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, ACTIVITY_PERIOD_INVALID' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (managers only)' })
  list(@CurrentActor() actor: Actor, @Query() query: ListDenominatorsQuery): Promise<DenominatorListDto> {
    return this.denominators.list(actor, query);
  }
}
