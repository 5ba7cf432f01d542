import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Policy } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { CaseHistoryService } from './case-history.service';
import { CaseIdParams } from './dto/case.dto';
import { ConsentHistoryDto, RiskAssessmentHistoryDto, StatusHistoryDto } from './dto/case-history.dto';

const HIDDEN = 'NOT_FOUND (also a case the caller may not see)';

/** The file's histories: read as the file is (case.read), each read audited. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseHistoryController {
  constructor(private readonly history: CaseHistoryService) {}

  @Get('consents')
  @Policy('case.read')
  @ApiOperation({ summary: 'Every consent of the case, withdrawn ones too, newest first; audited' })
  @ApiOkResponse({ type: ConsentHistoryDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  consents(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<ConsentHistoryDto> {
    return this.history.consents(actor, p.id);
  }

  @Get('risk-assessments')
  @Policy('case.read')
  @ApiOperation({ summary: "The case's risk assessments (level, score, who, when), newest first; audited" })
  @ApiOkResponse({ type: RiskAssessmentHistoryDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  riskAssessments(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<RiskAssessmentHistoryDto> {
    return this.history.riskAssessments(actor, p.id);
  }

  @Get('status-history')
  @Policy('case.read')
  @ApiOperation({ summary: "The case's workflow transitions with reason codes, newest first; audited" })
  @ApiOkResponse({ type: StatusHistoryDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  statusHistory(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<StatusHistoryDto> {
    return this.history.statusHistory(actor, p.id);
  }
}
