import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import { ADMIN_ROLE, SUPERVISOR_ROLE } from '../domain/roles';
import {
  AccountChangeIdParams,
  AccountChangeListDto,
  ConfirmedAccountChangeDto,
  PendingAccountChangeDto,
} from './account-changes.dto';
import { AccountChangesService } from './account-changes.service';

/**
 * Confirming what an administrator asked for (issue 12, Security 1). Supervisors, and admins for the
 * second-admin fallback, hold the route; which change each may decide is computed per change
 * (IdentityDirectoryService.confirmersOf): one they may not decide is 404, as if it did not exist.
 */
@ApiTags('account-changes')
@ApiBearerAuth()
@Controller('account-changes')
export class AccountChangesController {
  constructor(private readonly changes: AccountChangesService) {}

  @Get()
  @Roles(SUPERVISOR_ROLE, ADMIN_ROLE)
  @ApiOperation({ summary: 'The pending account changes I may confirm' })
  @ApiOkResponse({ type: AccountChangeListDto })
  list(@CurrentActor() actor: Actor): Promise<AccountChangeListDto> {
    return this.changes.listForConfirmer(actor);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(SUPERVISOR_ROLE, ADMIN_ROLE)
  @ApiOperation({
    summary:
      'Confirm: the change takes effect; a reset (or a first case-reading role) answers a temporary password, once, to hand over in person',
  })
  @ApiOkResponse({ type: ConfirmedAccountChangeDto })
  @ApiForbiddenResponse({ description: 'ACCOUNT_CHANGE_OWN_FORBIDDEN (you asked for it, or it is yours)' })
  @ApiNotFoundResponse({ description: 'ACCOUNT_CHANGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ACCOUNT_CHANGE_NOT_PENDING' })
  confirm(
    @CurrentActor() actor: Actor,
    @Param() params: AccountChangeIdParams,
  ): Promise<ConfirmedAccountChangeDto> {
    return this.changes.confirm(actor, params.id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(SUPERVISOR_ROLE, ADMIN_ROLE)
  @ApiOperation({ summary: 'Reject: nothing changes' })
  @ApiOkResponse({ type: PendingAccountChangeDto })
  @ApiForbiddenResponse({ description: 'ACCOUNT_CHANGE_OWN_FORBIDDEN' })
  @ApiNotFoundResponse({ description: 'ACCOUNT_CHANGE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ACCOUNT_CHANGE_NOT_PENDING' })
  reject(
    @CurrentActor() actor: Actor,
    @Param() params: AccountChangeIdParams,
  ): Promise<PendingAccountChangeDto> {
    return this.changes.reject(actor, params.id);
  }
}
