import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
import { CaseConsentsService } from './case-consents.service';
import { CaseFileService } from './case-file.service';
import { CaseIncidentsService } from './case-incidents.service';
import { CaseNotesService } from './case-notes.service';
import { CaseUpdateService } from './case-update.service';
import { CaseWorkflowService } from './case-workflow.service';
import { ProtectionMeasuresService } from './protection-measures.service';
import { CaseIdParams } from './dto/case.dto';
import {
  AccessLogEntryDto,
  AssignedDto,
  AssignmentDto,
  BreakGlassDto,
  BreakGlassGrantDto,
  ClosureDecisionDto,
  ConsentCreateDto,
  ConsentParams,
  ConsentRecordDto,
  ConsentWithdrawDto,
  ConsentWithdrawnDto,
  IncidentAddedDto,
  IncidentInputDto,
  IncidentRecordDto,
  NoteDto,
  NoteInputDto,
  ProtectionMeasureDto,
  ProtectionMeasureInputDto,
  RestrictionDto,
  RestrictionStateDto,
  RiskAssessmentInputDto,
  RiskAssessmentResultDto,
  TransitionDto,
  UpdateCaseDto,
  UpdatedCaseDto,
  WorkflowStateDto,
} from './dto/case-file.dto';

const HIDDEN = 'NOT_FOUND (also a case the caller may not see)';

/** The case file after intake: update, workflow, assignment, restriction, break-glass, notes… */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseFileController {
  constructor(
    private readonly file: CaseFileService,
    private readonly updates: CaseUpdateService,
    private readonly workflow: CaseWorkflowService,
    private readonly notes: CaseNotesService,
    private readonly incidents: CaseIncidentsService,
    private readonly consents: CaseConsentsService,
    private readonly measures: ProtectionMeasuresService,
  ) {}

  @Patch()
  @Policy('case.update')
  @ApiOperation({ summary: 'Partial update of the intake fields, with the version read' })
  @ApiOkResponse({ type: UpdatedCaseDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, UNKNOWN_CATALOGUE_KEY, PHONE_INVALID…' })
  @ApiNotFoundResponse({ description: HIDDEN })
  update(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: UpdateCaseDto,
  ): Promise<UpdatedCaseDto> {
    return this.updates.update(actor, p.id, body);
  }

  @Post('transitions')
  @HttpCode(200)
  @Policy('case.update')
  @ApiOperation({ summary: "Move the case; 'closed' asks for a closure that a supervisor decides" })
  @ApiOkResponse({ type: WorkflowStateDto })
  @ApiUnprocessableEntityResponse({ description: 'TRANSITION_NOT_ALLOWED naming the allowed states' })
  @ApiNotFoundResponse({ description: HIDDEN })
  transition(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: TransitionDto,
  ): Promise<WorkflowStateDto> {
    return this.workflow.transition(actor, p.id, body);
  }

  @Post('closure/approve')
  @HttpCode(200)
  @Policy('case.approve_closure')
  @ApiOperation({ summary: 'A supervisor other than the requester approves the closure' })
  @ApiOkResponse({ type: WorkflowStateDto })
  @ApiForbiddenResponse({ description: 'CLOSURE_SELF_DECISION, FORBIDDEN' })
  @ApiConflictResponse({ description: 'CLOSURE_NOT_PENDING' })
  approve(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: ClosureDecisionDto,
  ): Promise<WorkflowStateDto> {
    return this.workflow.decideClosure(actor, p.id, 'approved', body.reasonText);
  }

  @Post('closure/reject')
  @HttpCode(200)
  @Policy('case.approve_closure')
  @ApiOperation({ summary: 'A supervisor other than the requester rejects the closure' })
  @ApiOkResponse({ type: WorkflowStateDto })
  @ApiForbiddenResponse({ description: 'CLOSURE_SELF_DECISION, FORBIDDEN' })
  @ApiConflictResponse({ description: 'CLOSURE_NOT_PENDING' })
  reject(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: ClosureDecisionDto,
  ): Promise<WorkflowStateDto> {
    return this.workflow.decideClosure(actor, p.id, 'rejected', body.reasonText);
  }

  @Post('assignment')
  @HttpCode(200)
  @Policy('case.assign')
  @ApiOperation({ summary: 'A supervisor assigns the case to a counsellor of the organisation' })
  @ApiOkResponse({ type: AssignedDto })
  @ApiBadRequestResponse({ description: 'CASE_ASSIGNEE_INVALID' })
  assign(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: AssignmentDto,
  ): Promise<AssignedDto> {
    return this.workflow.assign(actor, p.id, body.assigneeId);
  }

  @Post('restriction')
  @HttpCode(200)
  @Policy('case.restrict')
  @ApiOperation({ summary: 'Restrict the case to its assignee and named supervisors, or lift it' })
  @ApiOkResponse({ type: RestrictionStateDto })
  @ApiBadRequestResponse({ description: 'CASE_SUPERVISOR_INVALID' })
  restrict(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: RestrictionDto,
  ): Promise<RestrictionStateDto> {
    return this.workflow.restrict(actor, p.id, body.restricted, body.supervisorIds);
  }

  @Post('break-glass')
  @Policy('case.break_glass')
  @ApiOperation({ summary: 'A counsellor opens a case of their organisation for 4 hours, with a reason' })
  @ApiCreatedResponse({ type: BreakGlassGrantDto })
  @ApiBadRequestResponse({ description: 'BREAK_GLASS_REASON_TOO_SHORT' })
  @ApiNotFoundResponse({ description: HIDDEN })
  breakGlass(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: BreakGlassDto,
  ): Promise<BreakGlassGrantDto> {
    return this.workflow.breakGlass(actor, p.id, body.reasonText);
  }

  @Get('access-log')
  @Policy('case.read_access_log')
  @ApiOperation({ summary: 'Who read or changed the file, when, why (newest first)' })
  @ApiOkResponse({ type: [AccessLogEntryDto] })
  @ApiNotFoundResponse({ description: HIDDEN })
  accessLog(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<AccessLogEntryDto[]> {
    return this.file.accessLog(actor, p.id);
  }

  @Post('notes')
  @Policy('case.update')
  @ApiOperation({ summary: 'Add a note (stored encrypted)' })
  @ApiCreatedResponse({ type: NoteDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  addNote(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: NoteInputDto,
  ): Promise<NoteDto> {
    return this.notes.add(actor, p.id, body.text);
  }

  @Get('notes')
  @Policy('case.read')
  @ApiOperation({ summary: "The case's notes, decrypted; the read is audited" })
  @ApiOkResponse({ type: [NoteDto] })
  @ApiNotFoundResponse({ description: HIDDEN })
  listNotes(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<NoteDto[]> {
    return this.notes.list(actor, p.id);
  }

  @Post('incidents')
  @Policy('case.update')
  @ApiOperation({ summary: 'Add an incident (checked as at intake); the derived context is recomputed' })
  @ApiCreatedResponse({ type: IncidentAddedDto })
  @ApiBadRequestResponse({
    description: 'UNKNOWN_CATALOGUE_KEY, CASE_COMMUNE_UNKNOWN, INCIDENT_AFTER_REPORT…',
  })
  @ApiNotFoundResponse({ description: HIDDEN })
  addIncident(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: IncidentInputDto,
  ): Promise<IncidentAddedDto> {
    return this.incidents.addIncident(actor, p.id, body);
  }

  @Get('incidents')
  @Policy('case.read')
  @ApiOperation({ summary: "The case's incidents, newest first; the read is audited" })
  @ApiOkResponse({ type: [IncidentRecordDto] })
  @ApiNotFoundResponse({ description: HIDDEN })
  listIncidents(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<IncidentRecordDto[]> {
    return this.incidents.listIncidents(actor, p.id);
  }

  @Post('risk-assessments')
  @Policy('case.update')
  @ApiOperation({ summary: 'Re-assess the risk; high and critical alert the supervisors again' })
  @ApiCreatedResponse({ type: RiskAssessmentResultDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  reassess(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: RiskAssessmentInputDto,
  ): Promise<RiskAssessmentResultDto> {
    return this.incidents.reassessRisk(actor, p.id, body.answers);
  }

  @Post('consents')
  @Policy('case.update')
  @ApiOperation({ summary: 'Record a consent for a purpose' })
  @ApiCreatedResponse({ type: ConsentRecordDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  addConsent(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: ConsentCreateDto,
  ): Promise<ConsentRecordDto> {
    return this.consents.add(actor, p.id, body);
  }

  @Post('consents/:consentId/withdraw')
  @HttpCode(200)
  @Policy('case.update')
  @ApiOperation({ summary: 'Withdraw a consent (reason stored encrypted)' })
  @ApiOkResponse({ type: ConsentWithdrawnDto })
  @ApiConflictResponse({ description: 'CONSENT_ALREADY_WITHDRAWN' })
  @ApiNotFoundResponse({ description: HIDDEN })
  withdrawConsent(
    @CurrentActor() actor: Actor,
    @Param() p: ConsentParams,
    @Body() body: ConsentWithdrawDto,
  ): Promise<ConsentWithdrawnDto> {
    return this.consents.withdraw(actor, p.id, p.consentId, body.reasonText);
  }

  @Post('protection-measures')
  @Policy('case.update')
  @ApiOperation({ summary: 'Record a protection measure (Law 13/2022 limits checked)' })
  @ApiCreatedResponse({ type: ProtectionMeasureDto })
  @ApiBadRequestResponse({ description: 'PROTECTION_MEASURE_TOO_LONG_*, DATE_*' })
  @ApiNotFoundResponse({ description: HIDDEN })
  addMeasure(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: ProtectionMeasureInputDto,
  ): Promise<ProtectionMeasureDto> {
    return this.measures.add(actor, p.id, body);
  }

  @Get('protection-measures')
  @Policy('case.read')
  @ApiOperation({ summary: "The case's protection measures; the read is audited" })
  @ApiOkResponse({ type: [ProtectionMeasureDto] })
  @ApiNotFoundResponse({ description: HIDDEN })
  listMeasures(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<ProtectionMeasureDto[]> {
    return this.measures.list(actor, p.id);
  }
}
