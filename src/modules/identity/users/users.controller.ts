import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyKey } from '../../../platform/idempotency';
import {
  AssignableUserListDto,
  PendingAccountChangeDto,
  UserWithPendingChangesDto,
} from '../account-changes/account-changes.dto';
import { ADMIN_ROLE, SUPERVISOR_ROLE } from '../domain/roles';
import {
  CreateUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserDetailDto,
  UserIdParams,
  UserListDto,
  UserListQueryDto,
} from '../dto/user.dto';
import { IdentityDirectoryService } from '../identity-directory.service';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly directory: IdentityDirectoryService,
  ) {}

  @Post()
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: UserDetailDto })
  @ApiAcceptedResponse({
    type: UserWithPendingChangesDto,
    description:
      'With a case-reading role: made without it; the role waits for a supervisor (pendingChanges)',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED (a malformed email among others), UNKNOWN_ROLE, UNKNOWN_ORGANIZATION, ROLE_COMBINATION_FORBIDDEN, PASSWORD_TOO_SHORT, PASSWORD_CONTAINS_USERNAME, PASSWORD_TOO_COMMON',
  })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN' })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateUserDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserWithPendingChangesDto> {
    const result = await this.users.create(actor, body, key);
    void reply.status(result.statusCode);
    return result.body;
  }

  @Get()
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'Users, by creation (admin); keyset pages of at most 100' })
  @ApiOkResponse({ type: UserListDto })
  list(@Query() query: UserListQueryDto): Promise<UserListDto> {
    return this.users.list(query);
  }

  @Get('assignable')
  @Roles(SUPERVISOR_ROLE)
  @ApiOperation({
    summary: "The counsellors a supervisor may assign cases to: her organisation's, ids and names",
  })
  @ApiOkResponse({ type: AssignableUserListDto })
  async assignable(@CurrentActor() actor: Actor): Promise<AssignableUserListDto> {
    return { items: await this.directory.assignableIn(actor.user.organizationId) };
  }

  @Get(':id')
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'One user, with their work e-mail (admin)' })
  @ApiOkResponse({ type: UserDetailDto })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  get(@Param() params: UserIdParams): Promise<UserDetailDto> {
    return this.users.get(params.id);
  }

  @Patch(':id')
  @Roles(ADMIN_ROLE)
  @ApiOperation({
    summary:
      'Change display name, roles, organisation, work e-mail or disabled (admin; never your own roles or organisation)',
  })
  @ApiOkResponse({ type: UserDetailDto })
  @ApiAcceptedResponse({
    type: UserWithPendingChangesDto,
    description:
      'A new case-reading role, or a new e-mail of a case-reading user, waits for a supervisor (pendingChanges); the rest applied',
  })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED (a malformed email among others), UNKNOWN_ROLE, UNKNOWN_ORGANIZATION, ROLE_COMBINATION_FORBIDDEN',
  })
  @ApiForbiddenResponse({ description: 'SELF_ROLE_CHANGE_FORBIDDEN, SELF_DISABLE_FORBIDDEN' })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  async update(
    @CurrentActor() actor: Actor,
    @Param() params: UserIdParams,
    @Body() body: UpdateUserDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserWithPendingChangesDto> {
    const result = await this.users.update(actor, params.id, body);
    void reply.status(result.statusCode);
    return result.body;
  }

  @Post(':id/reset-password')
  @HttpCode(202)
  @Roles(ADMIN_ROLE)
  @ApiOperation({
    summary:
      "Ask for a password reset (admin): a supervisor confirms (/account-changes), gets a temporary password to hand over, the user's sessions end",
  })
  @ApiAcceptedResponse({ type: PendingAccountChangeDto })
  @ApiBadRequestResponse({ description: 'PASSWORD_SET_BY_USER_ONLY (a password in the body)' })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param() params: UserIdParams,
    @Body() body: ResetPasswordDto,
  ): Promise<PendingAccountChangeDto> {
    return this.users.resetPassword(actor, params.id, body);
  }

  @Post(':id/reset-mfa')
  @HttpCode(202)
  @Roles(ADMIN_ROLE)
  @ApiOperation({
    summary:
      "Ask to take away a user's second factor, e.g. a lost phone (admin; never your own): once a supervisor confirms, their sessions end and they set it up again",
  })
  @ApiAcceptedResponse({ type: PendingAccountChangeDto })
  @ApiForbiddenResponse({ description: 'SELF_MFA_RESET_FORBIDDEN' })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  resetMfa(@CurrentActor() actor: Actor, @Param() params: UserIdParams): Promise<PendingAccountChangeDto> {
    return this.users.resetMfa(actor, params.id);
  }
}
