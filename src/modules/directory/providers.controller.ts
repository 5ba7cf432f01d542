import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { IdempotencyKey } from '../../platform/idempotency';
import {
  CreateProviderDto,
  ListProvidersQuery,
  ProviderDto,
  ProviderIdParams,
  ProviderListDto,
  UpdateProviderDto,
} from './dto/provider.dto';
import { ProvidersService } from './providers.service';

const CONFIDENTIAL =
  "A confidential provider's addressText and phone are left out unless the caller may see them";
const REFUSED_INPUT =
  'PROVIDER_ORGANIZATION_UNKNOWN, PROVIDER_TYPE_MISMATCH, PROVIDER_PROVINCE_UNKNOWN, ' +
  'PROVIDER_COMMUNE_UNKNOWN, PROVIDER_COMMUNE_OUTSIDE_PROVINCE, PROVIDER_CAPACITY_REQUIRED';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @Get()
  @Policy('provider.list')
  @ApiOperation({
    summary: 'Search the directory by service, type, commune (own or served) and acceptance, by name',
    description: CONFIDENTIAL,
  })
  @ApiOkResponse({ type: ProviderListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  list(@CurrentActor() actor: Actor, @Query() query: ListProvidersQuery): Promise<ProviderListDto> {
    return this.providers.list(actor, query);
  }

  @Get(':id')
  @Policy('provider.read')
  @ApiOperation({ summary: 'One provider', description: CONFIDENTIAL })
  @ApiOkResponse({ type: ProviderDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@CurrentActor() actor: Actor, @Param() params: ProviderIdParams): Promise<ProviderDto> {
    return this.providers.get(actor, params.id);
  }

  @Post()
  @Policy('provider.manage')
  @ApiOperation({ summary: 'Adds a provider (centre managers, administrators)', description: CONFIDENTIAL })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN' })
  @ApiConflictResponse({ description: 'PROVIDER_NAME_TAKEN' })
  @ApiUnprocessableEntityResponse({ description: REFUSED_INPUT })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateProviderDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProviderDto> {
    const result = await this.providers.create(actor, body, key);
    void reply.status(result.statusCode);
    return result.body;
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
    return this.providers.update(actor, params.id, body);
  }
}
