import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CryptoService } from '../../../platform/crypto';
import { DomainError } from '../../../platform/http';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { MFA_PENDING_SECRET_CONTEXT, MFA_SECRET_CONTEXT } from '../identity.crypto';
import { updateReturning } from '../sql';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp';
import '../identity.errors';

/**
 * Setting up the second factor: a secret is made and kept encrypted as pending until the user proves,
 * with a code, that their authenticator holds it; then it becomes the user's secret and the current
 * session counts as verified.
 */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  async setup(user: AuthUser, requestId: string): Promise<{ otpauthUrl: string }> {
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<{ id: string }>(
        m,
        `UPDATE users SET mfa_pending_secret_enc = $2, updated_at = now()
          WHERE id = $1 AND NOT mfa_enabled RETURNING id`,
        [user.id, this.crypto.encrypt(secret, MFA_PENDING_SECRET_CONTEXT)],
      );
      if (rows.length === 0) throw new DomainError('MFA_ALREADY_ENABLED');
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
      const [row] = await m.query<
        { mfa_enabled: boolean; mfa_pending_secret_enc: string | null; mfa_last_step: string | null }[]
      >(`SELECT mfa_enabled, mfa_pending_secret_enc, mfa_last_step FROM users WHERE id = $1 FOR UPDATE`, [
        user.id,
      ]);
      if (!row) throw new DomainError('USER_NOT_FOUND');
      if (row.mfa_enabled) throw new DomainError('MFA_ALREADY_ENABLED');
      if (!row.mfa_pending_secret_enc) throw new DomainError('MFA_SETUP_NOT_STARTED');
      const secret = this.crypto.decrypt(row.mfa_pending_secret_enc, MFA_PENDING_SECRET_CONTEXT);
      const step = verifyTotp(secret, code, row.mfa_last_step === null ? null : Number(row.mfa_last_step));
      if (step === undefined)
        throw new DomainError('MFA_CODE_INVALID', { field: 'totp' }, [{ field: 'totp' }]);
      await m.query(
        `UPDATE users SET mfa_enabled = true, mfa_secret_enc = $2, mfa_pending_secret_enc = NULL,
                mfa_last_step = $3, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [user.id, this.crypto.encrypt(secret, MFA_SECRET_CONTEXT), step],
      );
      // The code just given proves the second factor for this session too.
      await m.query(`UPDATE sessions SET mfa_verified = true WHERE id = $1`, [user.sessionId]);
      await this.audit.record(m, {
        action: 'auth.mfa_enabled',
        actor: user,
        entityType: 'user',
        entityId: user.id,
        requestId,
      });
    });
  }
}
