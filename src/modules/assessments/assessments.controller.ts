import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Policy, Roles } from '../../platform/http';
import type { Actor } from '../../platform/http';
import { Idempotent, IdempotentCommandOf } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import { AssessmentsService } from './assessments.service';
import {
  AssessmentDto,
  AssessmentListDto,
  AssessmentParams,
  CaseIdParams,
  CompleteAssessmentDto,
  FormDefinitionDto,
  FormSummaryDto,
  FormVersionParams,
  SaveAssessmentDto,
  StartAssessmentDto,
} from './dto/assessment.dto';

const HIDDEN = 'NOT_FOUND (also a case the caller may not see)';

/** The roles that work on case files: only they need the forms. */
export const FORM_READERS = ['hotline_operator', 'counsellor', 'supervisor'] as const;

/** The assessment forms of config/forms (no personal data): for the roles that fill them. */
@ApiTags('assessments')
@ApiBearerAuth()
@Controller('forms')
export class FormsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @Roles(...FORM_READERS)
  @ApiOperation({ summary: 'The forms offered now, each at its newest version' })
  @ApiOkResponse({ type: [FormSummaryDto] })
  list(): FormSummaryDto[] {
    return this.assessments.currentForms();
  }

  @Get(':key/versions/:version')
  @Roles(...FORM_READERS)
  @ApiOperation({ summary: 'The definition of one version of a form (any version ever shipped)' })
  @ApiOkResponse({ type: FormDefinitionDto })
  @ApiNotFoundResponse({ description: 'FORM_NOT_FOUND, FORM_VERSION_NOT_FOUND' })
  version(@Param() p: FormVersionParams): Promise<FormDefinitionDto> {
    return this.assessments.formVersion(p.key, Number(p.version));
  }
}

/** A case file's assessments: decided as the file is (case.read to read, case.update to fill). */
@ApiTags('assessments')
@ApiBearerAuth()
@Controller('cases/:id/assessments')
export class CaseAssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @Idempotent(201)
  @Policy('case.update')
  @ApiOperation({ summary: 'Start an assessment: a draft at the newest version of the form' })
  @ApiCreatedResponse({ type: AssessmentDto })
  @ApiNotFoundResponse({ description: `${HIDDEN}, FORM_NOT_FOUND` })
  start(
    @CurrentActor() actor: Actor,
    @Param() p: CaseIdParams,
    @Body() body: StartAssessmentDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<AssessmentDto> {
    return this.assessments.start(actor, p.id, body.formKey, cmd);
  }

  @Get()
  @Policy('case.read')
  @ApiOperation({ summary: "The file's assessments, newest first, and each form's history" })
  @ApiOkResponse({ type: AssessmentListDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  list(@CurrentActor() actor: Actor, @Param() p: CaseIdParams): Promise<AssessmentListDto> {
    return this.assessments.list(actor, p.id);
  }

  @Get(':assessmentId')
  @Policy('case.read')
  @ApiOperation({
    summary: "An assessment's answers with the definition of its own version; the read is audited",
  })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiNotFoundResponse({ description: HIDDEN })
  get(@CurrentActor() actor: Actor, @Param() p: AssessmentParams): Promise<AssessmentDto> {
    return this.assessments.get(actor, p.id, p.assessmentId);
  }

  @Patch(':assessmentId')
  @Idempotent(200)
  @Policy('case.update')
  @ApiOperation({ summary: "Save a draft's answers (as a whole), each checked against its question" })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiUnprocessableEntityResponse({ description: 'ASSESSMENT_UNKNOWN_QUESTION, ASSESSMENT_ANSWER_INVALID' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT, ASSESSMENT_COMPLETED' })
  @ApiNotFoundResponse({ description: HIDDEN })
  save(
    @CurrentActor() actor: Actor,
    @Param() p: AssessmentParams,
    @Body() body: SaveAssessmentDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<AssessmentDto> {
    return this.assessments.save(actor, p.id, p.assessmentId, body, cmd);
  }

  @Post(':assessmentId/complete')
  @Idempotent(200)
  @Policy('case.update')
  @ApiOperation({
    summary: 'Complete: every required question shown is answered; answers of hidden questions are dropped',
  })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiUnprocessableEntityResponse({ description: 'ASSESSMENT_ANSWERS_MISSING (details.missing)' })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT, ASSESSMENT_COMPLETED' })
  @ApiNotFoundResponse({ description: HIDDEN })
  complete(
    @CurrentActor() actor: Actor,
    @Param() p: AssessmentParams,
    @Body() body: CompleteAssessmentDto,
    @IdempotentCommandOf() cmd: IdempotentCommand,
  ): Promise<AssessmentDto> {
    return this.assessments.complete(actor, p.id, p.assessmentId, body.version, cmd);
  }
}
