import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Trung tâm Công tác xã hội Hà Nội' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'social_work_centre',
    description: 'A key of config/catalogues/organization-types.yaml',
  })
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'type must be an organisation type key' })
  type!: string;

  @ApiProperty({ example: '01' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be a two-digit province code such as 01' })
  provinceCode!: string;

  @ApiPropertyOptional({ type: String, example: '00004', nullable: true })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be a five-digit commune code' })
  communeCode?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be an organisation id' })
  parentId?: string | null;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'safe_house' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'type must be an organisation type key' })
  type?: string;

  @ApiPropertyOptional({ example: '01' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'provinceCode must be a two-digit province code such as 01' })
  provinceCode?: string;

  @ApiPropertyOptional({ type: String, example: '00004', nullable: true, description: 'null clears it' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be a five-digit commune code' })
  communeCode?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be an organisation id' })
  parentId?: string | null;

  @ApiPropertyOptional({ description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'social_work_centre' }) type!: string;
  @ApiProperty({ example: '01' }) provinceCode!: string;
  @ApiProperty({ example: '00004', nullable: true, type: String }) communeCode!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() version!: number;
}

export class OrganizationListDto {
  @ApiProperty({ type: [OrganizationDto] }) items!: OrganizationDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}

export class OrganizationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be an organisation id' })
  id!: string;
}
