import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsString, IsUUID, Matches, Min, MaxLength } from 'class-validator';
import { QUESTION_KINDS } from '../domain/form';

const KEY = /^[a-z][a-z0-9_]*$/;
const SCALAR = [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }];
const ANSWER = { oneOf: [...SCALAR, { type: 'array', items: { type: 'string' } }] };

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class AssessmentParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') assessmentId!: string;
}

export class FormVersionParams {
  @ApiProperty({ example: 'psychosocial' }) @Matches(KEY) key!: string;
  @ApiProperty({ example: '1', pattern: '^[1-9][0-9]{0,5}$' })
  @Matches(/^[1-9][0-9]{0,5}$/, { message: 'version must be a whole number from 1' })
  version!: string;
}

// --- the definition of a form ----------------------------------------------------------------------

export class LabelDto {
  @ApiProperty() vi!: string;
  @ApiProperty() en!: string;
}

export class FormOptionDto {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LabelDto }) label!: LabelDto;
}

export class ShowWhenDto {
  @ApiProperty({ description: 'The key of the question looked at' }) question!: string;
  @ApiPropertyOptional({ oneOf: SCALAR, description: 'Shown when the answer is this (choices: includes it)' })
  equals?: string | number | boolean;
  @ApiPropertyOptional({
    type: 'array',
    items: { oneOf: SCALAR },
    description: 'Shown when the answer is one of these',
  })
  in?: (string | number | boolean)[];
}

export class ScaleLabelsDto {
  @ApiProperty({ type: LabelDto }) min!: LabelDto;
  @ApiProperty({ type: LabelDto }) max!: LabelDto;
}

export class FormQuestionDto {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: QUESTION_KINDS, enumName: 'QuestionKind' }) kind!: string;
  @ApiProperty({ type: LabelDto }) label!: LabelDto;
  @ApiPropertyOptional({ type: LabelDto }) help?: LabelDto;
  @ApiPropertyOptional({ type: LabelDto, description: 'A warning shown with the question when it is shown' })
  alert?: LabelDto;
  @ApiPropertyOptional() required?: boolean;
  @ApiPropertyOptional({ type: ShowWhenDto }) showWhen?: ShowWhenDto;
  @ApiPropertyOptional({ type: [FormOptionDto] }) options?: FormOptionDto[];
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ type: ScaleLabelsDto }) labels?: ScaleLabelsDto;
}

export class FormSectionDto {
  @ApiProperty() key!: string;
  @ApiProperty({ type: LabelDto }) title!: LabelDto;
  @ApiPropertyOptional({ description: 'A key of the needs-areas catalogue' }) needsArea?: string;
  @ApiProperty({ type: [FormQuestionDto] }) questions!: FormQuestionDto[];
}

export class FormDefinitionDto {
  @ApiProperty({ example: 'psychosocial' }) key!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: LabelDto }) title!: LabelDto;
  @ApiPropertyOptional({ type: LabelDto }) description?: LabelDto;
  @ApiProperty({ type: [FormSectionDto] }) sections!: FormSectionDto[];
}

export class FormSummaryDto {
  @ApiProperty({ example: 'psychosocial' }) key!: string;
  @ApiProperty({ example: 1, description: 'The newest version: new assessments use it' }) version!: number;
  @ApiProperty({ type: LabelDto }) title!: LabelDto;
  @ApiPropertyOptional({ type: LabelDto }) description?: LabelDto;
}

// --- assessments ------------------------------------------------------------------------------------

export class StartAssessmentDto {
  @ApiProperty({
    example: 'psychosocial',
    description: 'A form of GET /forms: the draft takes its newest version',
  })
  @IsString()
  @MaxLength(64)
  @Matches(KEY, { message: 'formKey must be a form key (snake_case)' })
  formKey!: string;
}

export class SaveAssessmentDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { ...ANSWER, nullable: true },
    description:
      "The draft's answers as a whole (question key → option key, option keys, number, true/false, YYYY-MM-DD or text); null or absent: no answer",
  })
  @IsObject()
  answers!: Record<string, unknown>;

  @ApiProperty({ description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class CompleteAssessmentDto {
  @ApiProperty({ description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class AssessmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'psychosocial' }) formKey!: string;
  @ApiProperty({ example: 1 }) formVersion!: number;
  @ApiProperty({ type: LabelDto, description: "The form's title in this version" }) title!: LabelDto;
  @ApiProperty({ enum: ['draft', 'completed'], enumName: 'AssessmentStatus' }) status!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) completedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty() version!: number;
}

export class AssessmentFormHistoryDto {
  @ApiProperty({ example: 'psychosocial' }) formKey!: string;
  @ApiProperty({ type: LabelDto, description: "The form's title in its newest version" }) title!: LabelDto;
  @ApiProperty({ type: [AssessmentSummaryDto], description: 'Newest first' })
  assessments!: AssessmentSummaryDto[];
}

export class AssessmentListDto {
  @ApiProperty({ type: [AssessmentSummaryDto], description: 'Every assessment of the file, newest first' })
  items!: AssessmentSummaryDto[];
  @ApiProperty({ type: [AssessmentFormHistoryDto], description: "Each form's assessments, newest first" })
  byForm!: AssessmentFormHistoryDto[];
}

export class AssessmentDto extends AssessmentSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: ANSWER }) answers!: Record<string, unknown>;
  @ApiProperty({ type: FormDefinitionDto, description: "The definition of the assessment's own version" })
  form!: FormDefinitionDto;
}
