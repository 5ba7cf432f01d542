import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from './list-query.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

/** The longest address SMTP carries (RFC 5321 path limit less the angle brackets). */
export const EMAIL_MAX_LENGTH = 254;
const EMAIL_RULES = { allow_display_name: false, require_tld: true, allow_ip_domain: false } as const;
const EMAIL_MESSAGE = { message: 'email must be an e-mail address' };

export class CreateUserDto {
  @ApiProperty({ example: 'lan.nguyen', description: '3–64 of a-z 0-9 . _ - (stored lower-cased)' })
  @Transform(lower)
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3–64 of a-z, 0-9, ".", "_" or "-"' })
  username!: string;

  @ApiProperty({ example: 'Nguyễn Thị Lan' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ format: 'password', description: 'At least 12 characters, not common, not the username' })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiProperty({
    type: [String],
    example: ['counsellor'],
    description: 'Keys of config/catalogues/roles.yaml',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles!: string[];

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'organizationId must be an organisation id' })
  organizationId!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'email',
    nullable: true,
    maxLength: EMAIL_MAX_LENGTH,
    example: 'lan.nguyen@ctxh-hanoi.example',
    description: 'Work e-mail for notifications on the outside channel; stored encrypted',
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail(EMAIL_RULES, EMAIL_MESSAGE)
  @MaxLength(EMAIL_MAX_LENGTH)
  email?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organisation id' })
  organizationId?: string;

  @ApiPropertyOptional({ description: 'true ends every session of the user at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'email',
    nullable: true,
    maxLength: EMAIL_MAX_LENGTH,
    example: 'lan.nguyen@ctxh-hanoi.example',
    description: 'Work e-mail for notifications on the outside channel; null clears it',
  })
  @IsOptional()
  @Transform(trim)
  @IsEmail(EMAIL_RULES, EMAIL_MESSAGE)
  @MaxLength(EMAIL_MAX_LENGTH)
  email?: string | null;

  @ApiPropertyOptional({ description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/**
 * An admin no longer chooses the password (issue 12, Security 1): the body is empty; a `password` is
 * refused with 400 PASSWORD_SET_BY_USER_ONLY. The field stays declared so the refusal names it.
 */
export class ResetPasswordDto {
  @ApiPropertyOptional({ format: 'password', description: 'Refused (PASSWORD_SET_BY_USER_ONLY): leave out' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lan.nguyen' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Thị Lan' }) displayName!: string;
  @ApiProperty({ type: [String], example: ['counsellor'] }) roles!: string[];
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty() version!: number;
}

/** One user as an admin reads, creates or changes them: the list item plus the work e-mail. */
export class UserDetailDto extends UserDto {
  @ApiProperty({
    type: String,
    format: 'email',
    nullable: true,
    description: 'Work e-mail for notifications on the outside channel (decrypted); null when none',
  })
  email!: string | null;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page' })
  nextCursor!: string | null;
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be an organisation id' })
  organizationId?: string;

  @ApiPropertyOptional({ example: 'supervisor' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'role must be a role key' })
  role?: string;
}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a user id' })
  id!: string;
}
