import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
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
import { CaseTransfersService } from './case-transfers.service';
import { CaseIdParams } from './dto/case.dto';
import {
  CaseTransferListDto,
  TransferAcceptDto,
  TransferCancelDto,
  TransferDeclineDto,
  TransferDestinationListDto,
  TransferDto,
  TransferIdParams,
  TransferListDto,
  TransferListQuery,
  TransferRequestDto,
} from './dto/transfer.dto';

const HIDDEN = 'NOT_FOUND (also a case or transfer the caller may not see)';

/** A case's transfers, from its file (docs/ARCHITECTURE.md "Transfers"). */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('cases/:id/transfers')
export class CaseTransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Post()
  @Policy('case.transfer')
  @Idempotent(201)
  @ApiOperation({
    summary: "A supervisor asks another organisation to take the case, with the survivor's consent",
  })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnprocessableEntityResponse({ description: 'TRANSFER_DESTINATION_INVALID, TRANSFER_CONSENT_INVALID' })
  @ApiConflictResponse({ description: 'TRANSFER_ALREADY_OPEN, TRANSFER_CASE_CLOSED' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (may read the case, not transfer it)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  request(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: TransferRequestDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    return this.transfers.request(actor, p.id, body, cmd);
  }

  @Get()
  @Policy('case.read')
  @ApiOperation({ summary: "The case's transfers, with note and decline reason (whoever may read the case)" })
  @ApiOkResponse({ type: CaseTransferListDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  async list(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<CaseTransferListDto> {
    return { items: await this.transfers.ofCase(actor, p.id) };
  }
}

/** The supervisors' transfer decisions: incoming and outgoing lists, accept, decline, cancel. */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Get()
  @Policy('case_transfer.list')
  @ApiOperation({
    summary:
      "The caller organisation's incoming or outgoing transfers: reference, organisations, dates, status (nothing personal)",
  })
  @ApiOkResponse({ type: TransferListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  async list(@CurrentActor() actor: Actor, @Query() q: TransferListQuery): Promise<TransferListDto> {
    return { items: await this.transfers.list(actor, q.direction, q.status) };
  }

  @Get('destinations')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'The organisations a case may be transferred to (of a receiving type, not your own)',
  })
  @ApiOkResponse({ type: TransferDestinationListDto })
  async destinations(@CurrentActor() actor: Actor): Promise<TransferDestinationListDto> {
    return { items: await this.transfers.destinations(actor) };
  }

  @Post(':transferId/accept')
  @Policy('case_transfer.decide')
  @Idempotent(200)
  @ApiOperation({
    summary:
      'A receiving supervisor accepts: the case, its open follow-ups, plan, documents and consents move',
  })
  @ApiOkResponse({ type: TransferDto })
  @ApiUnprocessableEntityResponse({ description: 'TRANSFER_ASSIGNEE_INVALID, TRANSFER_CONSENT_INVALID' })
  @ApiConflictResponse({ description: 'TRANSFER_NOT_OPEN' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (the sending side)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  accept(
    @CurrentActor() actor: Actor,
    @Param() p: TransferIdParams,
    @Body() body: TransferAcceptDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    return this.transfers.accept(actor, p.transferId, body, cmd);
  }

  @Post(':transferId/decline')
  @Policy('case_transfer.decide')
  @Idempotent(200)
  @ApiOperation({ summary: 'A receiving supervisor declines, with a reason (encrypted): the case stays' })
  @ApiOkResponse({ type: TransferDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'TRANSFER_NOT_OPEN' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (the sending side)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  decline(
    @CurrentActor() actor: Actor,
    @Param() p: TransferIdParams,
    @Body() body: TransferDeclineDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    return this.transfers.decline(actor, p.transferId, body.reasonText, cmd);
  }

  @Post(':transferId/cancel')
  @Policy('case_transfer.cancel')
  @Idempotent(200)
  @ApiOperation({ summary: 'The sending supervisors cancel a transfer still waiting for a decision' })
  @ApiOkResponse({ type: TransferDto })
  @ApiConflictResponse({ description: 'TRANSFER_NOT_OPEN' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN (the receiving side)' })
  @ApiNotFoundResponse({ description: HIDDEN })
  cancel(
    @CurrentActor() actor: Actor,
    @Param() p: TransferIdParams,
    @Body() _body: TransferCancelDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<TransferDto> {
    return this.transfers.cancel(actor, p.transferId, cmd);
  }
}
