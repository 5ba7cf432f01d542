import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { Inject } from '@nestjs/common';
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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ENV, Env } from '../../../platform/config';
import {
  ChangePasswordDto,
  EnableMfaDto,
  LoginDto,
  LoginResponseDto,
  MeDto,
  MfaEnabledDto,
  MfaSetupDto,
  ReauthenticateDto,
  RefreshDto,
  TokenPairDto,
} from '../dto/auth.dto';
import type { TokenPair } from './session-tokens.service';
import { WebSessionService } from './web-session.service';
import {
  clearedRefreshCookie,
  CSRF_HEADER,
  parseCookies,
  REFRESH_COOKIE,
  refreshCookie,
  wantsCookie,
} from './web-session';
import { LoginThrottlerGuard } from '../throttling/login-throttler.guard';
import { UsersService } from '../users/users.service';
import { AllowWithoutMfa } from './allow-without-mfa.decorator';
import { AuthService } from './auth.service';
import { SignInService } from './sign-in.service';
import { TokenRefreshService } from './token-refresh.service';
import { LocalAuthGuard, RequestWithSignIn, SIGN_IN_PROPERTY } from './local-auth.guard';
import { MfaService } from './mfa.service';
import { TokensService } from './tokens.service';
import { AllowDuringPasswordChange } from './password-change-required';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly signIn: SignInService,
    private readonly tokenRefresh: TokenRefreshService,
    private readonly mfa: MfaService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly web: WebSessionService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** The cookie transport's answer: the refresh token goes into the cookie, never into the JSON. */
  private toCookie<T extends TokenPair>(answer: T, reply: FastifyReply): Omit<T, 'refreshToken'> {
    const { refreshToken, ...rest } = answer;
    void reply.header('set-cookie', refreshCookie(refreshToken, this.env));
    return rest;
  }

  @Post('login')
  @BodyLimit(4096)
  @HttpCode(200)
  @Public('signing in is how a person gets a token; rate-limited per address and per username')
  @UseGuards(LoginThrottlerGuard, LocalAuthGuard)
  @ApiOperation({
    summary: 'Sign in with username, password and, when set up, the TOTP code',
    description:
      'With `X-Haven-Client: web` (the browser application) the refresh token is set as an HttpOnly, SameSite=Strict cookie on /api/v1/auth instead of being answered, and the answer carries `csrfToken`, to send as X-CSRF-Token to the routes that read the cookie.',
  })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS or MFA_REQUIRED' })
  @ApiResponse({ status: 423, description: 'ACCOUNT_LOCKED' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS' })
  async login(
    @Req() req: RequestWithSignIn,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto | Omit<LoginResponseDto, 'refreshToken'>> {
    const verified = req[SIGN_IN_PROPERTY];
    if (!verified) throw new DomainError('INVALID_CREDENTIALS');
    if (!wantsCookie(req.headers)) return this.signIn.startSession(verified, { requestId: req.id });
    return this.toCookie(await this.signIn.startSession(verified, { requestId: req.id, web: {} }), reply);
  }

  @Post('refresh')
  @BodyLimit(4096)
  @HttpCode(200)
  @Public('the refresh token (in the body, or the cookie with the page’s CSRF token) is the credential')
  @ApiOperation({
    summary:
      'A new token pair for a refresh token (single use; a reused one ends the session, but for the same client’s double submit within REFRESH_GRACE_SECONDS)',
    description:
      'Without `refreshToken` in the body, the refresh cookie is read and X-CSRF-Token must be the session’s CSRF token (403 CSRF_TOKEN_INVALID); the new refresh token is then set as the cookie, not answered.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'REFRESH_TOKEN_INVALID' })
  @ApiResponse({ status: 403, description: 'CSRF_TOKEN_INVALID (cookie without the page’s CSRF token)' })
  async refresh(
    @Body() body: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairDto | Omit<TokenPairDto, 'refreshToken'>> {
    const client = this.tokens.clientFingerprint(req.ip, req.headers['user-agent']);
    if (body.refreshToken !== undefined) {
      return this.tokenRefresh.refresh(body.refreshToken, { requestId: req.id, client });
    }
    const cookie = parseCookies(req.headers.cookie).get(REFRESH_COOKIE);
    if (!cookie) {
      throw new DomainError('VALIDATION_FAILED', { fields: 'refreshToken' }, [{ field: 'refreshToken' }]);
    }
    const csrfPresented = headerValue(req.headers[CSRF_HEADER]);
    return this.toCookie(
      await this.tokenRefresh.refresh(cookie, { requestId: req.id, client, web: { csrfPresented } }),
      reply,
    );
  }

  @Post('logout/cookie')
  @BodyLimit(1024)
  @HttpCode(204)
  @Public('the refresh cookie with the page’s CSRF token is the credential (a beacon has no bearer)')
  @ApiOperation({
    summary: 'End the session of the refresh cookie (the browser’s quick exit, by navigator.sendBeacon)',
    description:
      'The CSRF token as X-CSRF-Token, or, since a beacon cannot set headers, as the whole text/plain body. The cookie is cleared.',
  })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'REFRESH_TOKEN_INVALID (no cookie, or not one of Haven’s)' })
  @ApiResponse({ status: 403, description: 'CSRF_TOKEN_INVALID' })
  async logoutByCookie(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const cookie = parseCookies(req.headers.cookie).get(REFRESH_COOKIE);
    if (!cookie) throw new DomainError('REFRESH_TOKEN_INVALID');
    const csrfPresented =
      headerValue(req.headers[CSRF_HEADER]) ?? (typeof req.body === 'string' ? req.body.trim() : undefined);
    await this.web.logoutByRefreshToken(cookie, csrfPresented, req.id);
    void reply.header('set-cookie', clearedRefreshCookie(this.env));
  }

  @Post('reauthenticate')
  @BodyLimit(4096)
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary:
      'Prove it is still the session’s user (the idle lock): password, and the TOTP code when set up; the session goes on',
  })
  @ApiNoContentResponse()
  @ApiResponse({ status: 403, description: 'CURRENT_PASSWORD_INCORRECT (a few end the session)' })
  @ApiResponse({ status: 400, description: 'MFA_CODE_INVALID' })
  async reauthenticate(@CurrentActor() actor: Actor, @Body() body: ReauthenticateDto): Promise<void> {
    await this.web.reauthenticate(actor.user, body.password, body.totp, actor.requestId);
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

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
