import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { IdempotencyKey } from '../../platform/idempotency';
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
import { ReferralMovesService, ReferralStep } from './referral-moves.service';
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
  @Policy('case.refer')
  @ApiOperation({ summary: 'Refer the survivor to a provider, under a consent or an emergency override' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
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
  async create(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: CreateReferralDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CreatedReferralDto> {
    const result = await this.referrals.send(actor, p.id, body, key);
    void reply.status(result.statusCode);
    return result.body;
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
  ) {}

  @Get()
  @Policy('referral.list')
  @ApiOperation({
    summary: 'incoming: addressed to my organisation (referral.list); outgoing: of cases I may read',
  })
  @ApiOkResponse({ type: ReferralListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that have no such box' })
  list(@CurrentActor() actor: Actor, @Query() query: ListReferralsQuery): Promise<ReferralListDto> {
    return this.reads.list(actor, query);
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
  @HttpCode(200)
  @Policy('referral.respond')
  @ApiOperation({ summary: 'The provider accepts; at a safe house it holds a bed' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiConflictResponse({ description: 'NO_CAPACITY' })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  accept(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralStepDto> {
    return this.run(actor, p.id, { kind: 'accept' }, key, reply);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Policy('referral.respond')
  @ApiOperation({ summary: 'The provider declines, with a reason' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  decline(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @Body() body: ReasonDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralStepDto> {
    return this.run(actor, p.id, { kind: 'decline', reasonText: body.reasonText }, key, reply);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Policy('referral.respond')
  @ApiOperation({ summary: 'The service starts; at a safe house or trusted address: the admission (a stay)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  start(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralStepDto> {
    return this.run(actor, p.id, { kind: 'start' }, key, reply);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Policy('referral.respond')
  @ApiOperation({
    summary: 'completed (services given, the day) or not_completed (a reason); discharges a stay',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiBadRequestResponse({ description: 'REFERRAL_REASON_REQUIRED, UNKNOWN_CATALOGUE_KEY, DATE_*' })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  complete(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @Body() body: CompleteReferralDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralStepDto> {
    return this.run(actor, p.id, { kind: 'complete', dto: body }, key, reply);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Policy('case.refer')
  @ApiOperation({ summary: 'The referring side withdraws a referral not answered yet, with a reason' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: ReferralStepDto })
  @ApiUnprocessableEntityResponse({ description: MOVE })
  @ApiNotFoundResponse({ description: HIDDEN })
  cancel(
    @CurrentActor() actor: Actor,
    @Param() p: ReferralIdParams,
    @Body() body: ReasonDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralStepDto> {
    return this.run(actor, p.id, { kind: 'cancel', reasonText: body.reasonText }, key, reply);
  }

  private async run(
    actor: Actor,
    id: string,
    step: ReferralStep,
    key: string | undefined,
    reply: FastifyReply,
  ): Promise<ReferralStepDto> {
    const result = await this.moves.step(actor, id, step, key);
    void reply.status(result.statusCode);
    return result.body;
  }
}
