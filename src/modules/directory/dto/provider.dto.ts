import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';

const NAME = 200;
const TEXT = 500;
const PROVINCE = /^\d{2}$/;
const COMMUNE = /^\d{5}$/;
/** A business phone as people write it: digits, spaces, + - . ( ). */
const PHONE = /^[+0-9 ().-]{3,40}$/;
/** Short lower-case language tags (vi, en, hmn…). */
const LANGUAGE = /^[a-z]{2,3}$/;
const MAX_AREA = 200;
const MAX_PARTNERS = 100;

/** In an update: left out means unchanged, and null is refused (unlike IsOptional, which lets it pass). */
const Given = (): PropertyDecorator => ValidateIf((_o: unknown, value: unknown) => value !== undefined);

export class CreateProviderDto {
  @ApiProperty({ maxLength: NAME }) @IsString() @MinLength(1) @MaxLength(NAME) name!: string;
  @CatalogueKey('organization-types')
  @ApiProperty({ description: "A key of organization-types; the organisation's own type" })
  @IsString()
  @MaxLength(60)
  type!: string;
  @ApiProperty({ format: 'uuid', description: 'The organisation whose staff answer its referrals' })
  @IsUUID()
  organizationId!: string;
  @ApiProperty({ example: '01' })
  @Matches(PROVINCE, { message: 'provinceCode must be 2 digits' })
  provinceCode!: string;
  @ApiProperty({ example: '00004' })
  @Matches(COMMUNE, { message: 'communeCode must be 5 digits' })
  communeCode!: string;
  @ApiPropertyOptional({
    maxLength: TEXT,
    description: 'Confidential for the types of config/directory.yaml',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  addressText?: string;
  @ApiPropertyOptional({ description: 'Confidential for the types of config/directory.yaml' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + - . ( ))' })
  phone?: string;
  @ApiPropertyOptional({ maxLength: TEXT, example: 'Thứ 2–6, 8:00–17:00' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  hours?: string;
  @CatalogueKey('services', { each: true })
  @ApiProperty({ type: [String], description: 'Keys of the services catalogue' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  services!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Commune codes it serves besides its own' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_AREA)
  @ArrayUnique()
  @Matches(COMMUNE, { each: true, message: 'areaServed must hold 5-digit commune codes' })
  areaServed?: string[];
  @ApiPropertyOptional({ minimum: 0, description: 'Beds; required (above 0) for safe houses' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity?: number;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() acceptingReferrals?: boolean;
  @ApiPropertyOptional({ type: [String], example: ['vi', 'en'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(LANGUAGE, { each: true, message: 'languages must be short lower-case tags (vi, en, hmn)' })
  languages?: string[];
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Organisations that refer to it (their supervisors see a safe house’s contact)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PARTNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  referringOrganizationIds?: string[];
}

/** A partial update: every field but the organisation and the type, with the version read. */
export class UpdateProviderDto {
  @ApiProperty({ minimum: 1, description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;
  @ApiPropertyOptional({ maxLength: NAME })
  @Given()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME)
  name?: string;
  @ApiPropertyOptional({ example: '01' })
  @Given()
  @Matches(PROVINCE, { message: 'provinceCode must be 2 digits' })
  provinceCode?: string;
  @ApiPropertyOptional({ example: '00004' })
  @Given()
  @Matches(COMMUNE, { message: 'communeCode must be 5 digits' })
  communeCode?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  addressText?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, + - . ( ))' })
  phone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  hours?: string | null;
  @CatalogueKey('services', { each: true })
  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  services?: string[];
  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsArray()
  @ArrayMaxSize(MAX_AREA)
  @ArrayUnique()
  @Matches(COMMUNE, { each: true, message: 'areaServed must hold 5-digit commune codes' })
  areaServed?: string[];
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, description: 'null clears it' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity?: number | null;
  @ApiPropertyOptional() @Given() @IsBoolean() acceptingReferrals?: boolean;
  @ApiPropertyOptional({ type: [String] })
  @Given()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(LANGUAGE, { each: true, message: 'languages must be short lower-case tags (vi, en, hmn)' })
  languages?: string[];
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Replaces the organisations named in the directory; those added by referrals stay',
  })
  @Given()
  @IsArray()
  @ArrayMaxSize(MAX_PARTNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  referringOrganizationIds?: string[];
}

export class ProviderIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class ListProvidersQuery {
  @CatalogueKey('services')
  @ApiPropertyOptional({ description: 'A key of the services catalogue' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  service?: string;
  @CatalogueKey('organization-types')
  @ApiPropertyOptional({ description: 'A key of organization-types' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  type?: string;
  @ApiPropertyOptional({ description: 'Providers in this commune or serving it' })
  @IsOptional()
  @Matches(COMMUNE, { message: 'communeCode must be 5 digits' })
  communeCode?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'accepting must be true or false' })
  accepting?: string;
  @ApiPropertyOptional({ description: 'Part of the name', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ProviderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'A key of organization-types' }) type!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty() communeCode!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Absent when confidential and the caller may not see it',
  })
  addressText?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Absent when confidential and the caller may not see it',
  })
  phone?: string | null;
  @ApiPropertyOptional({ description: 'Present (true) when the address and phone are confidential' })
  confidential?: true;
  @ApiProperty({ nullable: true, type: String }) hours!: string | null;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: [String] }) areaServed!: string[];
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty() acceptingReferrals!: boolean;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Organisations that refer to it: named in the directory or by a referral',
  })
  referringOrganizationIds!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ProviderListDto {
  @ApiProperty({ type: [ProviderDto] }) items!: ProviderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
