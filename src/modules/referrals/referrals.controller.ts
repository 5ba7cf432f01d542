import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import {
  CaseIdParams,
  CompleteReferralDto,
  CreatedReferralDto,
  CreateReferralDto,
  ListReferralsQuery,
  ProviderReferralViewDto,
  ReasonDto,
  ReferralIdParams,
  ReferralListDto,
  ReferralStepDto,
  ReferrerReferralListDto,
  ReferrerReferralViewDto,
} from './dto/referral.dto';
import { ReferralBoxesService } from './referral-boxes.service';
import { ReferralMovesService } from './referral-moves.service';
import { ReferralReadsService } from './referral-reads.service';
import { ReferralsService } from './referrals.service';

const HIDDEN = 'NOT_FOUND (also a record the caller may not see)';
const MOVE = 'REFERRAL_TRANSITION_NOT_ALLOWED naming the allowed moves';

/** Sending a referral from a case, and the case's referrals (the referring side, through the case). */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('cases/:id/referrals')
export class CaseReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly reads: ReferralReadsService,
  ) {}

  @Post()
  @Idempotent(201)
  @Policy('case.refer')
  @ApiOperation({ summary: 'Refer the survivor to a provider, under a consent or an emergency override' })
  @ApiCreatedResponse({ type: CreatedReferralDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, REFERRAL_OVERRIDE_REASON_TOO_SHORT',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'CONSENT_REQUIRED, CONSENT_OF_ANOTHER_CASE, REFERRAL_PROVIDER_UNKNOWN, PROVIDER_NOT_ACCEPTING, REFERRAL_SERVICE_NOT_OFFERED, REFERRAL_OVERRIDE_NOT_EMERGENCY',
  })
  @ApiConflictResponse({ description: 'REFERRAL_ALREADY_OPEN' })
  @ApiNotFoundResponse({ description: HIDDEN })
  create(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: CreateReferralDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CreatedReferralDto> {
    return this.referrals.send(actor, p.id, body, cmd);
  }

  @Get()
  @Policy('case.read_referrals')
  @ApiOperation({ summary: "The case's referrals, newest first, with their history" })
  @ApiOkResponse({ type: ReferrerReferralListDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  list(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<ReferrerReferralListDto> {
    return this.reads.listForCase(actor, p.id);
  }
}

/** The boxes, a referral's views, and its steps. */
@ApiTags('referrals')
@ApiBearerAuth()
@ApiExtraModels(ProviderReferralViewDto, ReferrerReferralViewDto)
@Controller('referrals')
export class ReferralsController {
  constructor(
    private readonly moves: ReferralMovesService,
    private readonly reads: ReferralReadsService,
    private readonly boxes: ReferralBoxesService,
  ) {}

  @Get()
  @Policy('referral.list')
  @ApiOperation({
    summary: 'incoming: addressed to my organisation (referral.list); outgoing: of cases I may read',
  })
  @ApiOkResponse({ type: ReferralListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that have no such box' })
  list(@CurrentActor() actor: Actor, @Query() query: ListReferralsQuery): Promise<ReferralListDto> {
    return this.boxes.list(actor, query);
  }

  @Get(':id')
  @Policy('referral.read')
  @ApiOperation({
    summary:
      "The provider's view (only the consented survivor fields; the read is audited) or the referring side's",
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ProviderReferralViewDto) },
        { $ref: getSchemaPath(ReferrerReferralViewDto) },
      ],
    },
  })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
  ): Promise<ProviderReferralViewDto | ReferrerReferralViewDto> {
    return this.reads.get(actor, p.id);
  }

  @Post(':id/accept')
  @Idempotent(200)
  @Policy('referral.respond')
  @ApiOperation({ summary: 'The provider accepts; at a safe house it holds a bed' })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiConflictResponse({ description: 'NO_CAPACITY' })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  accept(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ReferralStepDto> {
    return this.moves.step(actor, p.id, { kind: 'accept' }, cmd);
  }

  @Post(':id/decline')
  @Idempotent(200)
  @Policy('referral.respond')
  @ApiOperation({ summary: 'The provider declines, with a reason' })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  decline(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @Body() body: ReasonDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ReferralStepDto> {
    return this.moves.step(actor, p.id, { kind: 'decline', reasonText: body.reasonText }, cmd);
  }

  @Post(':id/start')
  @Idempotent(200)
  @Policy('referral.respond')
  @ApiOperation({ summary: 'The service starts; at a safe house or trusted address: the admission (a stay)' })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  start(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ReferralStepDto> {
    return this.moves.step(actor, p.id, { kind: 'start' }, cmd);
  }

  @Post(':id/complete')
  @Idempotent(200)
  @Policy('referral.respond')
  @ApiOperation({
    summary: 'completed (services given, the day) or not_completed (a reason); discharges a stay',
  })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiBadRequestResponse({ description: 'REFERRAL_REASON_REQUIRED, UNKNOWN_CATALOGUE_KEY, DATE_*' })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  complete(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @Body() body: CompleteReferralDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ReferralStepDto> {
    return this.moves.step(actor, p.id, { kind: 'complete', dto: body }, cmd);
  }

  @Post(':id/cancel')
  @Idempotent(200)
  @Policy('case.refer')
  @ApiOperation({ summary: 'The referring side withdraws a referral not answered yet, with a reason' })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  cancel(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @Body() body: ReasonDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ReferralStepDto> {
    return this.moves.step(actor, p.id, { kind: 'cancel', reasonText: body.reasonText }, cmd);
  }
}
