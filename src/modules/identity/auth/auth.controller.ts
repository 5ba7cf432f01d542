import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, BodyLimit, CurrentActor, DomainError, Public } from '../../../platform/http';
import type { Actor } from '../../../platform/http';
import type { FastifyRequest } from 'fastify';
import {
  ChangePasswordDto,
  EnableMfaDto,
  LoginDto,
  LoginResponseDto,
  MeDto,
  MfaEnabledDto,
  MfaSetupDto,
  RefreshDto,
  TokenPairDto,
} from '../dto/auth.dto';
import { LoginThrottlerGuard } from '../throttling/login-throttler.guard';
import { UsersService } from '../users/users.service';
import { AllowWithoutMfa } from './allow-without-mfa.decorator';
import { AuthService } from './auth.service';
import { LocalAuthGuard, RequestWithSignIn, SIGN_IN_PROPERTY } from './local-auth.guard';
import { MfaService } from './mfa.service';
import { TokensService } from './tokens.service';
import { AllowDuringPasswordChange } from './password-change-required';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  @Post('login')
  @BodyLimit(4096)
  @HttpCode(200)
  @Public('signing in is how a person gets a token; rate-limited per address and per username')
  @UseGuards(LoginThrottlerGuard, LocalAuthGuard)
  @ApiOperation({ summary: 'Sign in with username, password and, when set up, the TOTP code' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS or MFA_REQUIRED' })
  @ApiResponse({ status: 423, description: 'ACCOUNT_LOCKED' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS' })
  async login(@Req() req: RequestWithSignIn): Promise<LoginResponseDto> {
    const signIn = req[SIGN_IN_PROPERTY];
    if (!signIn) throw new DomainError('INVALID_CREDENTIALS');
    return this.auth.startSession(signIn, { requestId: req.id });
  }

  @Post('refresh')
  @BodyLimit(4096)
  @HttpCode(200)
  @Public('the refresh token in the body is the credential')
  @ApiOperation({
    summary:
      'A new token pair for a refresh token (single use; a reused one ends the session, but for the same client’s double submit within REFRESH_GRACE_SECONDS)',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'REFRESH_TOKEN_INVALID' })
  refresh(@Body() body: RefreshDto, @Req() req: FastifyRequest): Promise<TokenPairDto> {
    const client = this.tokens.clientFingerprint(req.ip, req.headers['user-agent']);
    return this.auth.refresh(body.refreshToken, { requestId: req.id, client });
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @AllowWithoutMfa()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its tokens stop working at once' })
  @ApiNoContentResponse()
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor.user, actor.requestId);
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated()
  @AllowDuringPasswordChange()
  @ApiOperation({ summary: 'Change one’s own password; every other session of one’s own ends' })
  @ApiNoContentResponse()
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor.user, body.currentPassword, body.newPassword, actor.requestId);
  }

  @Get('me')
  @Authenticated()
  @AllowWithoutMfa()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const user = await this.users.get(actor.user.id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      organizationId: user.organizationId,
      mfaEnabled: user.mfaEnabled,
      mfaVerified: actor.user.mfaVerified,
      mfaRequired: this.auth.mustUseSecondFactor(user.roles),
      email: user.email,
    };
  }

  @Post('mfa/setup')
  @HttpCode(200)
  @Authenticated()
  @AllowWithoutMfa()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Start setting up TOTP: the otpauth:// URL to show as a QR code' })
  @ApiOkResponse({ type: MfaSetupDto })
  @ApiResponse({ status: 409, description: 'MFA_ALREADY_ENABLED' })
  setupMfa(@CurrentActor() actor: Actor): Promise<MfaSetupDto> {
    return this.mfa.setup(actor.user, actor.requestId);
  }

  @Post('mfa/enable')
  @HttpCode(200)
  @Authenticated()
  @AllowWithoutMfa()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Confirm TOTP with a code from the app; this session counts as verified' })
  @ApiOkResponse({ type: MfaEnabledDto })
  @ApiResponse({ status: 400, description: 'MFA_CODE_INVALID' })
  @ApiResponse({ status: 409, description: 'MFA_SETUP_NOT_STARTED or MFA_ALREADY_ENABLED' })
  async enableMfa(@CurrentActor() actor: Actor, @Body() body: EnableMfaDto): Promise<MfaEnabledDto> {
    await this.mfa.enable(actor.user, body.totp, actor.requestId);
    return { mfaEnabled: true };
  }
}
