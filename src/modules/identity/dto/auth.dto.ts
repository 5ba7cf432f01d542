import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'lan.nguyen' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'The six-digit code of the authenticator app, when MFA is set up' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totp must be a six-digit code' })
  totp?: string;
}

export class RefreshDto {
  @ApiPropertyOptional({
    description: 'The refresh token; left out by the browser, whose token is in the refresh cookie',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', description: 'The password in use now' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ format: 'password', description: 'At least 12 characters, not a common password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  newPassword!: string;
}

export class ReauthenticateDto {
  @ApiProperty({ format: 'password', description: 'The password of the signed-in user' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'The six-digit code, when the user has the second factor' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totp must be a six-digit code' })
  totp?: string;
}

export class EnableMfaDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'totp must be a six-digit code' })
  totp!: string;
}

export class SignedInUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lan.nguyen' }) username!: string;
  @ApiProperty({ example: 'Nguyễn Thị Lan' }) displayName!: string;
  @ApiProperty({ type: [String], example: ['counsellor'] }) roles!: string[];
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Bearer token for the API (JWT, HS256)' }) accessToken!: string;
  @ApiPropertyOptional({
    description:
      'Single use: each refresh returns a new one. Absent for the cookie transport (X-Haven-Client: web)',
  })
  refreshToken?: string;
  @ApiPropertyOptional({
    description:
      'The cookie transport only: send it as X-CSRF-Token to the routes that read the refresh cookie',
  })
  csrfToken?: string;
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 }) expiresIn!: number;
}

export class LoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: SignedInUserDto }) user!: SignedInUserDto;
  @ApiProperty({
    description:
      'true after a confirmed reset: the token is accepted by POST /auth/password only, until she sets her own',
  })
  passwordChangeRequired!: boolean;
}

export class MeDto extends SignedInUserDto {
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty({ description: 'Whether this session presented the second factor' }) mfaVerified!: boolean;
  @ApiProperty({ description: 'Whether this user must use the second factor here' }) mfaRequired!: boolean;
  @ApiProperty({
    type: String,
    format: 'email',
    nullable: true,
    description: 'Your work e-mail for notifications on the outside channel; null when none',
  })
  email!: string | null;
}

export class MfaSetupDto {
  @ApiProperty({ example: 'otpauth://totp/Haven:lan.nguyen?secret=…&issuer=Haven' }) otpauthUrl!: string;
}

export class MfaEnabledDto {
  @ApiProperty({ example: true }) mfaEnabled!: boolean;
}
