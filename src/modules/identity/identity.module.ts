import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { ENV, Env } from '../../platform/config';
import { PINO } from '../../platform/logging';
import { RedisService } from '../../platform/redis';
import { AuditModule } from '../audit';
import { GeographyModule } from '../geography';
import { AccountChangesController } from './account-changes/account-changes.controller';
import { AccountChangeRepository } from './account-changes/account-change.repository';
import { AccountChangesService } from './account-changes/account-changes.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { CredentialRepository } from './auth/credential.repository';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { LockoutService } from './auth/lockout.service';
import { WebSessionService } from './auth/web-session.service';
import { MfaService } from './auth/mfa.service';
import { RefreshTokenRepository } from './auth/refresh-token.repository';
import { SessionRepository } from './auth/session.repository';
import { SessionTokensService } from './auth/session-tokens.service';
import { SignInService } from './auth/sign-in.service';
import { TokenRefreshService } from './auth/token-refresh.service';
import { TokensService } from './auth/tokens.service';
import { ActorNamesModule } from './actor-names.module';
import { CaseReadingRoles } from './case-reading';
import { IdentityDirectoryService } from './identity-directory.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationRepository } from './organizations/organization.repository';
import { OrganizationsService } from './organizations/organizations.service';
import { PasswordService } from './password.service';
import { RoleCatalogue } from './role-catalogue';
import { loginThrottlerOptions } from './throttling/login-throttler.guard';
import { RedisThrottlerStorage } from './throttling/redis-throttler.storage';
import { UsersController } from './users/users.controller';
import { UserCreationService } from './users/user-creation.service';
import { UserRepository } from './users/user.repository';
import { UserUpdateService } from './users/user-update.service';
import { UsersService } from './users/users.service';
import './identity.personal-data';
import './identity.errors';

/**
 * Users, organisations, sign-in, tokens, sessions, lockout, sign-in rate limits and the second factor.
 * Its JwtAuthGuard is a global guard: every route that is not public needs a live session.
 */
@Module({
  imports: [
    AuditModule,
    ActorNamesModule,
    GeographyModule,
    PassportModule.register({ session: false }),
    ThrottlerModule.forRootAsync({
      inject: [ENV, RedisService, PINO],
      useFactory: (env: Env, redis: RedisService, logger: Logger) => ({
        ...loginThrottlerOptions(env),
        storage: new RedisThrottlerStorage(redis, env, logger),
      }),
    }),
  ],
  controllers: [AuthController, UsersController, OrganizationsController, AccountChangesController],
  providers: [
    UserRepository,
    CredentialRepository,
    OrganizationRepository,
    SessionRepository,
    RefreshTokenRepository,
    AccountChangeRepository,
    RoleCatalogue,
    PasswordService,
    TokensService,
    SessionTokensService,
    SignInService,
    TokenRefreshService,
    AuthService,
    LockoutService,
    WebSessionService,
    MfaService,
    JwtStrategy,
    LocalStrategy,
    UsersService,
    UserCreationService,
    UserUpdateService,
    OrganizationsService,
    IdentityDirectoryService,
    CaseReadingRoles,
    AccountChangesService,
    // After the platform's AccessDecisionGuard (AppModule's, registered first): see jwt-auth.guard.ts.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  // The rest for the create-admin command (src/cli.module.ts).
  exports: [
    IdentityDirectoryService,
    RoleCatalogue,
    UserCreationService,
    UserRepository,
    OrganizationsService,
    OrganizationRepository,
  ],
})
export class IdentityModule {}
