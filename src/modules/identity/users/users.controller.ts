import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { IdempotencyKey } from '../../../platform/idempotency';
import { ADMIN_ROLE } from '../domain/roles';
import {
  CreateUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserDetailDto,
  UserIdParams,
  UserListDto,
  UserListQueryDto,
} from '../dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: UserDetailDto })
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
  ): Promise<UserDetailDto> {
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
  ): Promise<UserDetailDto> {
    return this.users.update(actor, params.id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(204)
  @Roles(ADMIN_ROLE)
  @ApiOperation({ summary: "Set a new password (admin); ends the user's sessions and lifts a lockout" })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: 'PASSWORD_TOO_SHORT, PASSWORD_CONTAINS_USERNAME, PASSWORD_TOO_COMMON',
  })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  async resetPassword(
    @CurrentActor() actor: Actor,
    @Param() params: UserIdParams,
    @Body() body: ResetPasswordDto,
  ): Promise<void> {
    await this.users.resetPassword(actor, params.id, body);
  }

  @Post(':id/reset-mfa')
  @HttpCode(204)
  @Roles(ADMIN_ROLE)
  @ApiOperation({
    summary:
      "Take away a user's second factor, e.g. a lost phone (admin; never your own): their sessions end and they set it up again",
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'SELF_MFA_RESET_FORBIDDEN' })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND' })
  async resetMfa(@CurrentActor() actor: Actor, @Param() params: UserIdParams): Promise<void> {
    await this.users.resetMfa(actor, params.id);
  }
}
