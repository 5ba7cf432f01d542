import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGoneResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiTooManyRequestsResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import {
  CaseFileDto,
  CaseIdParams,
  CaseListDto,
  CreateCaseDto,
  CreatedCaseDto,
  DuplicateCheckDto,
  DuplicateCheckResultDto,
  ListCasesQuery,
  SearchCasesDto,
} from './dto/case.dto';
import { CaseIntakeService } from './case-intake.service';
import { CaseListService } from './case-list.service';
import { CaseReadService } from './case-read.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly intake: CaseIntakeService,
    private readonly lists: CaseListService,
    private readonly reads: CaseReadService,
  ) {}

  @Post()
  @Policy('case.create')
  @ApiOperation({
    summary: 'Intake: opens a case (only channel, survivor.sex and one violence type required)',
  })
  @Idempotent(201)
  @ApiCreatedResponse({ type: CreatedCaseDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, DATE_*, NATIONAL_ID_INVALID…',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN, CASE_ORGANIZATION_NOT_ALLOWED' })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCaseDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<CreatedCaseDto> {
    return this.intake.create(actor, body, cmd);
  }

  @Get()
  @Policy('case.list')
  @ApiOperation({ summary: 'The cases the caller may see, newest first (keyset pages)' })
  @ApiOkResponse({ type: CaseListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that see no case file' })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CaseListDto> {
    return this.lists.list(actor, query);
  }

  @Post('search')
  @HttpCode(200)
  @Policy('case.list')
  @ApiOperation({ summary: 'Search by reference, phone or national ID (in the body, never the URL)' })
  @ApiOkResponse({ type: CaseListDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that see no case file' })
  search(@CurrentActor() actor: Actor, @Body() body: SearchCasesDto): Promise<CaseListDto> {
    return this.lists.search(actor, body);
  }

  @Post('duplicate-check')
  @HttpCode(200)
  @Policy('case.find_duplicates')
  @ApiOperation({
    summary: 'Earlier cases of the organisation with this phone or national ID (in the body, never the URL)',
    description: 'References and status only; one audit row per value checked. Used during a call.',
  })
  @ApiOkResponse({ type: DuplicateCheckResultDto })
  @ApiBadRequestResponse({ description: 'PHONE_INVALID, NATIONAL_ID_INVALID, CASE_DUPLICATE_CHECK_EMPTY' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN for roles that do not take intakes' })
  @ApiTooManyRequestsResponse({
    description: "CASE_DUPLICATE_CHECK_LIMIT: the user's checks of this minute are spent (Retry-After)",
  })
  duplicateCheck(
    @CurrentActor() actor: Actor,
    @Body() body: DuplicateCheckDto,
  ): Promise<DuplicateCheckResultDto> {
    return this.intake.duplicateCheck(actor, body);
  }

  @Get(':id')
  @Policy('case.read')
  @ApiOperation({ summary: 'The case file, decrypted; every read is audited' })
  @ApiOkResponse({ type: CaseFileDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND (also a case the caller may not see)' })
  @ApiGoneResponse({ description: 'CASE_MERGED: details.mergedInto { id, reference } names the successor' })
  get(@CurrentActor() actor: Actor, @Param() params: CaseIdParams): Promise<CaseFileDto> {
    return this.reads.get(actor, params.id);
  }
}
