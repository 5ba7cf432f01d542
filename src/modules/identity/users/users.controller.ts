import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../../platform/idempotency';
import type { IdempotentCommand } from '../../../platform/idempotency';
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
import { UserCreationService } from './user-creation.service';
import { UserUpdateService } from './user-update.service';
import { UsersService } from './users.service';

/** 202 when part of the change waits for a supervisor (pendingChanges), else `done`. */
const pendingOr =
  (done: number) =>
  (body: UserWithPendingChangesDto): number =>
    body.pendingChanges?.length ? 202 : done;

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly creation: UserCreationService,
    private readonly updates: UserUpdateService,
    private readonly directory: IdentityDirectoryService,
  ) {}

  @Post()
  @Roles(ADMIN_ROLE)
  @Idempotent(pendingOr(201))
  @ApiOperation({ summary: 'Create a user (admin)' })
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
  create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateUserDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<UserWithPendingChangesDto> {
    return this.creation.create(actor, body, cmd);
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
  @Idempotent(pendingOr(200))
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
  update(
    @CurrentActor() actor: Actor,
    @Param() params: UserIdParams,
    @Body() body: UpdateUserDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<UserWithPendingChangesDto> {
    return this.updates.update(actor, params.id, body, cmd);
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
