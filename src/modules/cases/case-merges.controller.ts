import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
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
import { CaseLinksService } from './case-links.service';
import { CaseMergesService } from './case-merges.service';
import { CaseIdParams } from './dto/case.dto';
import {
  CaseLinkDto,
  CaseLinkInputDto,
  CaseLinkParams,
  CaseLinksDto,
  CaseMergeDto,
  CaseMergeInputDto,
  CaseMergeParams,
  CaseMergesDto,
} from './dto/case-merge.dto';

const HIDDEN = 'NOT_FOUND (also a case the caller may not see)';

/** Duplicates resolved: links between cases, merges and their undo (docs/ARCHITECTURE.md). */
@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CaseMergesController {
  constructor(
    private readonly links: CaseLinksService,
    private readonly merges: CaseMergesService,
  ) {}

  @Post('cases/:id/links')
  @Policy('case.link')
  @Idempotent(201)
  @ApiOperation({
    summary: 'Link the case to another of the same survivor (by id or reference); both show it',
  })
  @ApiCreatedResponse({ type: CaseLinkDto })
  @ApiBadRequestResponse({ description: 'CASE_LINK_TARGET_REQUIRED, VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'CASE_LINK_EXISTS' })
  @ApiUnprocessableEntityResponse({ description: 'CASE_LINK_SELF' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiNotFoundResponse({ description: HIDDEN })
  link(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: CaseLinkInputDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CaseLinkDto> {
    return this.links.link(actor, p.id, body, cmd);
  }

  @Get('cases/:id/links')
  @Policy('case.read')
  @ApiOperation({ summary: "The case's links (both directions), newest first" })
  @ApiOkResponse({ type: CaseLinksDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  listLinks(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<CaseLinksDto> {
    return this.links.list(actor, p.id);
  }

  @Delete('cases/:id/links/:linkId')
  @HttpCode(204)
  @Policy('case.link')
  @ApiOperation({ summary: 'Remove a link of the case (audited on both cases)' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiNotFoundResponse({ description: HIDDEN })
  async unlink(@CurrentActor() actor: Actor, @Param() p: CaseLinkParams): Promise<void> {
    await this.links.remove(actor, p.id, p.linkId);
  }

  @Post('cases/:id/merge')
  @Policy('case.merge')
  @Idempotent(201)
  @ApiOperation({
    summary:
      'A supervisor merges mergedCaseId into this case (same organisation); undoable for a configured time',
  })
  @ApiCreatedResponse({ type: CaseMergeDto })
  @ApiConflictResponse({ description: 'CASE_ALREADY_MERGED, VERSION_CONFLICT' })
  @ApiUnprocessableEntityResponse({
    description: 'CASE_MERGE_SAME_CASE, CASE_MERGE_CASE_CLOSED, CASE_MERGE_OTHER_ORGANIZATION',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiNotFoundResponse({ description: `${HIDDEN}; another organisation's case is hidden` })
  merge(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: CaseMergeInputDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CaseMergeDto> {
    return this.merges.merge(actor, p.id, body, cmd);
  }

  @Get('cases/:id/merges')
  @Policy('case.read')
  @ApiOperation({ summary: 'The merges the case took part in (surviving or merged), newest first' })
  @ApiOkResponse({ type: CaseMergesDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  listMerges(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<CaseMergesDto> {
    return this.merges.list(actor, p.id);
  }

  @Post('case-merges/:mergeId/undo')
  @Policy('case.merge')
  @Idempotent(200)
  @ApiOperation({ summary: 'Undo a merge before its deadline: exactly the moved records go back' })
  @ApiOkResponse({ type: CaseMergeDto })
  @ApiConflictResponse({
    description: 'CASE_MERGE_ALREADY_UNDONE, CASE_MERGE_UNDO_EXPIRED, CASE_MERGE_SUCCESSOR_MERGED',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiNotFoundResponse({ description: HIDDEN })
  undo(
    @CurrentActor() actor: Actor,
    @Param() p: CaseMergeParams,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CaseMergeDto> {
    return this.merges.undo(actor, p.mergeId, cmd);
  }
}
