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
import {
  CreateProviderDto,
  ListProvidersQuery,
  ProviderDto,
  ProviderIdParams,
  ProviderListDto,
  UpdateProviderDto,
} from './dto/provider.dto';
import { ProviderChangesService } from './provider-changes.service';
import { ProviderReadsService } from './provider-reads.service';

const CONFIDENTIAL =
  "A confidential provider's addressText and phone are left out unless the caller may see them";
const REFUSED_INPUT =
  'PROVIDER_ORGANIZATION_UNKNOWN, PROVIDER_TYPE_MISMATCH, PROVIDER_PROVINCE_UNKNOWN, ' +
  'PROVIDER_COMMUNE_UNKNOWN, PROVIDER_COMMUNE_OUTSIDE_PROVINCE, PROVIDER_CAPACITY_REQUIRED';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(
    private readonly reads: ProviderReadsService,
    private readonly changes: ProviderChangesService,
  ) {}

  @Get()
  @Policy('provider.list')
  @ApiOperation({
    summary: 'Search the directory by service, type, commune (own or served) and acceptance, by name',
    description: CONFIDENTIAL,
  })
  @ApiOkResponse({ type: ProviderListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  list(@CurrentActor() actor: Actor, @Query() query: ListProvidersQuery): Promise<ProviderListDto> {
    return this.reads.list(actor, query);
  }

  @Get(':id')
  @Policy('provider.read')
  @ApiOperation({ summary: 'One provider', description: CONFIDENTIAL })
  @ApiOkResponse({ type: ProviderDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@CurrentActor() actor: Actor, @Param() params: ProviderIdParams): Promise<ProviderDto> {
    return this.reads.get(actor, params.id);
  }

  @Post()
  @Policy('provider.manage')
  @ApiOperation({ summary: 'Adds a provider (centre managers, administrators)', description: CONFIDENTIAL })
  @Idempotent(201)
  @ApiCreatedResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiConflictResponse({ description: 'PROVIDER_NAME_TAKEN' })
  @ApiUnprocessableEntityResponse({ description: REFUSED_INPUT })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateProviderDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<ProviderDto> {
    return this.changes.create(actor, body, cmd);
  }

  @Patch(':id')
  @Policy('provider.manage')
  @ApiOperation({ summary: 'Partial update with the version read', description: CONFIDENTIAL })
  @ApiOkResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT, PROVIDER_NAME_TAKEN' })
  @ApiUnprocessableEntityResponse({ description: REFUSED_INPUT })
  update(
    @CurrentActor() actor: Actor,
    @Param() params: ProviderIdParams,
    @Body() body: UpdateProviderDto,
  ): Promise<ProviderDto> {
    return this.changes.update(actor, params.id, body);
  }
}
