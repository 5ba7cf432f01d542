import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../platform/http';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { CredentialRepository, Credentials } from './credential.repository';
import { SessionRepository } from './session.repository';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp';
import '../identity.errors';

/**
 * The second factor: setting it up (a secret is made and kept encrypted as pending until the user
 * proves, with a code, that their authenticator holds it; then it becomes the user's secret and the
 * current session counts as verified), and accepting a code at sign-in or at the idle lock.
 */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  async setup(user: AuthUser, requestId: string): Promise<{ otpauthUrl: string }> {
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (m) => {
      if (!(await this.credentials.startMfaSetup(m, user.id, secret)))
        throw new DomainError('MFA_ALREADY_ENABLED');
      await this.audit.record(m, {
        action: 'auth.mfa_setup_started',
        actor: user,
        entityType: 'user',
        entityId: user.id,
        requestId,
      });
    });
    return { otpauthUrl: otpauthUrl(secret, user.username) };
  }

  async enable(user: AuthUser, code: string, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const state = await this.credentials.lockMfaState(m, user.id);
      if (!state) throw new DomainError('USER_NOT_FOUND');
      if (state.mfaEnabled) throw new DomainError('MFA_ALREADY_ENABLED');
      if (!state.mfaPendingSecret) throw new DomainError('MFA_SETUP_NOT_STARTED');
      const step = verifyTotp(state.mfaPendingSecret, code, state.mfaLastStep);
      if (step === undefined)
        throw new DomainError('MFA_CODE_INVALID', { field: 'totp' }, [{ field: 'totp' }]);
      await this.credentials.enableMfa(m, user.id, state.mfaPendingSecret, step);
      // The code just given proves the second factor for this session too.
      await this.sessions.markMfaVerified(m, user.sessionId);
      await this.audit.record(m, {
        action: 'auth.mfa_enabled',
        actor: user,
        entityType: 'user',
        entityId: user.id,
        requestId,
      });
    });
  }

  /** Accepts a TOTP code once: the step is recorded under a condition, so a replay in parallel fails too. */
  async acceptCode(
    user: Pick<Credentials, 'id' | 'mfaSecret' | 'mfaLastStep'>,
    code: string,
  ): Promise<boolean> {
    if (!user.mfaSecret) return false;
    const step = verifyTotp(user.mfaSecret, code, user.mfaLastStep);
    if (step === undefined) return false;
    return this.credentials.recordTotpStep(this.dataSource.manager, user.id, step);
  }
}
