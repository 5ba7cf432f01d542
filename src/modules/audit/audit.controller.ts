import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../platform/http';
import { AuditTrailService } from './audit-trail.service';
import { AuditPageDto, AuditVerificationDto } from './dto/audit-event.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({ description: 'FORBIDDEN: only auditors read the trail' })
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Search the audit trail, newest first (keyset pages of at most 100); the search is itself audited',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED, AUDIT_ENTITY_TYPE_REQUIRED, AUDIT_PERIOD_INVALID (naming the field)',
  })
  search(@Query() query: AuditQueryDto, @CurrentActor() actor: Actor): Promise<AuditPageDto> {
    return this.trail.search(actor, query);
  }

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({ summary: 'Walk the hash chain and report the first row that does not verify, if any' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@CurrentActor() actor: Actor): Promise<AuditVerificationDto> {
    return this.trail.verifyFor(actor);
  }
}
