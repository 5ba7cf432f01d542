import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';
import { SafeContactDto } from './case.dto';
import { SafetyPlanStateDto } from './safety-plan-state.dto';

export { SafetyPlanStateDto };

const TEXT = 4000;
const SHORT = 200;

export class TrustedPersonDto {
  @ApiProperty({ maxLength: SHORT, description: 'Stored encrypted' })
  @IsString()
  @MinLength(1)
  @MaxLength(SHORT)
  name!: string;
  @ApiProperty({ maxLength: SHORT, description: 'How they are related (free text, encrypted)' })
  @IsString()
  @MaxLength(SHORT)
  relationship!: string;
  @ApiProperty({ maxLength: 500, description: 'How to reach them (free text, encrypted)' })
  @IsString()
  @MaxLength(500)
  howToReach!: string;
}

export class EmergencyNumberDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) label!: string;
  @ApiProperty({ maxLength: 40, example: '113' })
  @IsString()
  @Matches(/^\+?[0-9][0-9 .-]{1,38}$/, { message: 'number must be digits, spaces, dots or dashes' })
  number!: string;
}

/** The plan's content as the counsellor writes it (every free text stored encrypted). */
export class SafetyPlanBodyDto {
  @ApiProperty({ maxLength: TEXT, description: 'Warning signs of danger' })
  @IsString()
  @MaxLength(TEXT)
  warningSigns!: string;
  @ApiProperty({ maxLength: TEXT, description: 'Places where the survivor can be safe' })
  @IsString()
  @MaxLength(TEXT)
  safePlaces!: string;
  @ApiProperty({ type: [TrustedPersonDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TrustedPersonDto)
  trustedPeople!: TrustedPersonDto[];
  @CatalogueKey('leaving-items', { each: true })
  @ApiProperty({ type: [String], description: 'Keys of config/catalogues/leaving-items.yaml' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  leavingItems!: string[];
  @ApiProperty({ maxLength: TEXT, description: 'What else to take when leaving (free text)' })
  @IsString()
  @MaxLength(TEXT)
  leavingOther!: string;
  @ApiProperty({ type: [EmergencyNumberDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EmergencyNumberDto)
  emergencyNumbers!: EmergencyNumberDto[];
  @ApiProperty({ maxLength: TEXT, description: 'Steps agreed with the survivor' })
  @IsString()
  @MaxLength(TEXT)
  steps!: string;
}

/** PUT /api/v1/cases/:id/safety-plan: the whole plan, with the plan's version read (0: no plan yet). */
export class SafetyPlanInputDto extends SafetyPlanBodyDto {
  @ApiProperty({ description: "The plan's version read (0 for the first plan); stale: 409 VERSION_CONFLICT" })
  @IsInt()
  @Min(0)
  version!: number;
}

/** The current version with who saved and who last reviewed it. */
export class SafetyPlanCurrentDto extends SafetyPlanBodyDto {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) savedAt!: string;
  @ApiProperty({ format: 'uuid' }) savedBy!: string;
  @ApiProperty({ nullable: true, type: String }) savedByName!: string | null;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
  @ApiProperty({ format: 'uuid' }) reviewedBy!: string;
  @ApiProperty({ nullable: true, type: String }) reviewedByName!: string | null;
}

/** GET /api/v1/cases/:id/safety-plan */
export class SafetyPlanDto {
  @ApiProperty({ type: SafetyPlanStateDto }) safetyPlan!: SafetyPlanStateDto;
  @ApiProperty({ type: SafetyPlanCurrentDto, nullable: true, description: 'null: no plan yet' })
  plan!: SafetyPlanCurrentDto | null;
  @ApiProperty({
    type: SafeContactDto,
    description: "The survivor's code word and safe contact as recorded on the survivor (read, not copied)",
  })
  safeContact!: SafeContactDto;
}

export class SafetyPlanHistoryEntryDto {
  @ApiProperty({ enum: ['version', 'review'] }) kind!: 'version' | 'review';
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ format: 'uuid' }) byId!: string;
  @ApiProperty({ nullable: true, type: String }) byName!: string | null;
  @ApiPropertyOptional({ enum: ['review', 'follow_up'], description: "A review's origin" })
  source?: string;
  @ApiPropertyOptional({ type: SafetyPlanBodyDto, description: "A version's content" })
  content?: SafetyPlanBodyDto;
}

/** GET /api/v1/cases/:id/safety-plan/history: versions and reviews, newest first. */
export class SafetyPlanHistoryDto {
  @ApiProperty({ type: [SafetyPlanHistoryEntryDto] }) items!: SafetyPlanHistoryEntryDto[];
}
