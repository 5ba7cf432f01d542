import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../../platform/idempotency';
import type { IdempotentCommand } from '../../../platform/idempotency';
import { ADMIN_ROLE } from '../domain/roles';
import { PageQueryDto } from '../dto/list-query.dto';
import {
  CreateOrganizationDto,
  OrganizationDto,
  OrganizationIdParams,
  OrganizationListDto,
  UpdateOrganizationDto,
} from '../dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Roles(ADMIN_ROLE)
  @Idempotent(201)
  @ApiOperation({ summary: 'Create an organisation (admin)' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, UNKNOWN_ORGANIZATION_TYPE, UNKNOWN_PROVINCE, UNKNOWN_COMMUNE, UNKNOWN_ORGANIZATION',
  })
  @ApiConflictResponse({ description: 'ORGANIZATION_NAME_TAKEN' })
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateOrganizationDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<OrganizationDto> {
    return this.organizations.create(actor, body, cmd);
  }

  @Get()
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'Organisations by name (admin); keyset pages of at most 100' })
  @ApiOkResponse({ type: OrganizationListDto })
  list(@Query() query: PageQueryDto): Promise<OrganizationListDto> {
    return this.organizations.list(query);
  }

  @Get(':id')
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'One organisation (admin)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse({ description: 'ORGANIZATION_NOT_FOUND' })
  get(@Param() params: OrganizationIdParams): Promise<OrganizationDto> {
    return this.organizations.get(params.id);
  }

  @Patch(':id')
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'Change an organisation (admin)' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED, UNKNOWN_ORGANIZATION_TYPE, UNKNOWN_PROVINCE, UNKNOWN_COMMUNE, UNKNOWN_ORGANIZATION, ORGANIZATION_PARENT_CYCLE',
  })
  @ApiNotFoundResponse({ description: 'ORGANIZATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ORGANIZATION_NAME_TAKEN, VERSION_CONFLICT' })
  update(
    @CurrentActor() actor: Actor,
    @Param() params: OrganizationIdParams,
    @Body() body: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return this.organizations.update(actor, params.id, body);
  }
}
