import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDay } from '../../../platform/http';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';

// The recorded date's calendar check is the service's (ACTIVITY_DATE_INVALID, with its other date rules);
// the list's bounds go straight to SQL, so they must be real days here (an impossible one was a 500).
const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = (field: string): string => `${field} must be a real day as YYYY-MM-DD`;
const TITLE = 300;
const NOTES = 10_000;
const MAX_COUNT = 10_000_000;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

export class ParticipantsDto {
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(MAX_COUNT) female!: number;
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(MAX_COUNT) male!: number;
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(MAX_COUNT) other!: number;
}

export class CreateActivityDto {
  @CatalogueKey('activity-kinds', { code: 'ACTIVITY_KEY_UNKNOWN' })
  @ApiProperty({ description: 'A key of the activity-kinds catalogue' })
  @IsString()
  @MaxLength(64)
  kind!: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'The plan project' })
  @IsInt()
  @Min(1)
  @Max(5)
  project!: number;
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5,
    description: 'The plan model; a kind that implies one sets it (another answers 422)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  model?: number;
  @ApiProperty({ maxLength: TITLE }) @IsString() @MinLength(1) @MaxLength(TITLE) title!: string;
  @ApiProperty({ format: 'date', description: 'YYYY-MM-DD, not after today (Hanoi)' })
  @Matches(DAY_SHAPE, { message: DAY_MESSAGE('date') })
  date!: string;
  @ApiProperty({ example: '01' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode!: string;
  @ApiPropertyOptional({ example: '00004' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be 5 digits' })
  communeCode?: string;
  @CatalogueKey('activity-audiences', { each: true, code: 'ACTIVITY_KEY_UNKNOWN' })
  @ApiProperty({ type: [String], description: 'Keys of the activity-audiences catalogue' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  audience!: string[];
  @ApiProperty({ type: ParticipantsDto })
  @ValidateNested()
  @Type(() => ParticipantsDto)
  participants!: ParticipantsDto;
  @ApiPropertyOptional({ minimum: 0, description: 'At most the total of participants' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  youthParticipants?: number;
  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  residentialClustersReached?: number;
  @ApiPropertyOptional({ maxLength: NOTES, description: 'Free text, stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES)
  notes?: string;
}

/** A change: the fields given replace the stored ones (null clears an optional one); same checks. */
export class UpdateActivityDto {
  @ApiProperty({ description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;
  @CatalogueKey('activity-kinds', { code: 'ACTIVITY_KEY_UNKNOWN' })
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  kind?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  project?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 5, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  model?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(TITLE) title?: string;
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DAY_SHAPE, { message: DAY_MESSAGE('date') })
  date?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be 5 digits' })
  communeCode?: string | null;
  @CatalogueKey('activity-audiences', { each: true, code: 'ACTIVITY_KEY_UNKNOWN' })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  audience?: string[];
  @ApiPropertyOptional({ type: ParticipantsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ParticipantsDto)
  participants?: ParticipantsDto;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  youthParticipants?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  residentialClustersReached?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES)
  notes?: string | null;
}

export class ActivityIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class ListActivitiesQuery {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDay({ message: DAY_MESSAGE('from') })
  from?: string;
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDay({ message: DAY_MESSAGE('to') })
  to?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be 5 digits' })
  communeCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) kind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ActivityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() project!: number;
  @ApiProperty({ nullable: true, type: Number }) model!: number | null;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ nullable: true, type: String }) communeCode!: string | null;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: [String] }) audience!: string[];
  @ApiProperty({ type: ParticipantsDto }) participants!: ParticipantsDto;
  @ApiProperty({ nullable: true, type: Number }) youthParticipants!: number | null;
  @ApiProperty({ nullable: true, type: Number }) residentialClustersReached!: number | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

/** One activity with its notes (decrypted): only GET /activities/:id answers it. */
export class ActivityDetailDto extends ActivityDto {
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
}

export class ActivityListDto {
  @ApiProperty({ type: [ActivityDto] }) items!: ActivityDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SetDenominatorDto {
  @ApiProperty({ example: '2026-H2', description: 'YYYY, YYYY-H1|H2, YYYY-Qn or YYYY-MM' })
  @IsString()
  @MaxLength(20)
  period!: string;
  @ApiProperty({ example: '01' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode!: string;
  @ApiPropertyOptional({ description: 'Absent for the whole province' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be 5 digits' })
  communeCode?: string;
  @CatalogueKey('denominator-keys', { code: 'ACTIVITY_KEY_UNKNOWN' })
  @ApiProperty({ description: 'A key of the denominator-keys catalogue' })
  @IsString()
  @MaxLength(64)
  key!: string;
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(2_000_000_000) value!: number;
}

export class ListDenominatorsQuery {
  @ApiProperty({ example: '2026-H2' }) @IsString() @MaxLength(20) period!: string;
  @ApiProperty({ example: '01' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be 2 digits' })
  provinceCode!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be 5 digits' })
  communeCode?: string;
}

export class DenominatorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() period!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for the whole province' })
  communeCode!: string | null;
  @ApiProperty() key!: string;
  @ApiProperty() value!: number;
  @ApiProperty({ format: 'uuid' }) updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DenominatorListDto {
  @ApiProperty({ type: [DenominatorDto] }) items!: DenominatorDto[];
}
