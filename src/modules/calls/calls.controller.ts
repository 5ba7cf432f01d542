import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
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
import { CallsService } from './calls.service';
import {
  CallDto,
  CallIdParams,
  CallListDto,
  CaseCallListDto,
  CreateCallDto,
  ListCallsQuery,
  UpdateCallDto,
} from './dto/call.dto';

const CHECKS = 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY (naming the field), CALL_START_OUT_OF_RANGE';
const RULES = 'CALL_CASE_REQUIRED, CALL_CASE_UNAVAILABLE (unknown or hidden case), IDEMPOTENCY_KEY_REUSED';
const HIDDEN = 'NOT_FOUND (also a call the caller may not see)';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Post()
  @Policy('call.create')
  @ApiOperation({
    summary: 'Logs a call the caller has just ended: category, outcome, duration, case if any',
  })
  @Idempotent(201)
  @ApiCreatedResponse({ type: CallDto })
  @ApiBadRequestResponse({ description: CHECKS })
  @ApiUnprocessableEntityResponse({ description: RULES })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCallDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CallDto> {
    return this.calls.create(actor, body, cmd);
  }

  @Get()
  @Policy('call.list')
  @ApiOperation({
    summary:
      "The caller's calls (an operator's of today by default), a supervisor's organisation's; newest first, keyset pages",
  })
  @ApiOkResponse({ type: CallListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, CALL_RANGE_INVALID' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that see no call' })
  list(@CurrentActor() actor: Actor, @Query() query: ListCallsQuery): Promise<CallListDto> {
    return this.calls.list(actor, query);
  }

  @Get(':id')
  @Policy('call.read')
  @ApiOperation({ summary: 'One call' })
  @ApiOkResponse({ type: CallDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(@CurrentActor() actor: Actor, @Param() p: CallIdParams): Promise<CallDto> {
    return this.calls.get(actor, p.id);
  }

  @Patch(':id')
  @Policy('call.update')
  @ApiOperation({
    summary: 'Corrects a call (category, outcome, channel, case; null unlinks), with the version read',
  })
  @ApiOkResponse({ type: CallDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiBadRequestResponse({ description: CHECKS })
  @ApiUnprocessableEntityResponse({ description: RULES })
  @ApiNotFoundResponse({ description: HIDDEN })
  update(
    @CurrentActor() actor: Actor,
    @Param() p: CallIdParams,
    @Body() body: UpdateCallDto,
  ): Promise<CallDto> {
    return this.calls.update(actor, p.id, body);
  }
}

@ApiTags('calls')
@ApiBearerAuth()
@Controller('cases/:id/calls')
export class CaseCallsController {
  constructor(private readonly calls: CallsService) {}

  @Get()
  @Policy('case.read_calls')
  @ApiOperation({ summary: 'The calls that concern a case, newest first (whoever may read the case)' })
  @ApiOkResponse({ type: CaseCallListDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (also a case the caller may not read)' })
  list(@CurrentActor() actor: Actor, @Param() p: CallIdParams): Promise<CaseCallListDto> {
    return this.calls.listForCase(actor, p.id);
  }
}
