import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../../platform/http';
import { updateReturning } from '../sql';

export type RevokeReason =
  | 'logout'
  | 'refresh_token_reuse'
  | 'user_disabled'
  | 'password_reset'
  | 'password_changed'
  | 'password_change_failures'
  | 'mfa_reset'
  | 'expired';

/** The signed-in user as the guard needs it: the AuthUser plus whether MFA is set up. */
export interface AuthenticatedUser extends AuthUser {
  mfaEnabled: boolean;
  /** She signed in with a temporary password and must set her own first. */
  passwordChangeRequired: boolean;
}

/** Sessions: the one lookup each authenticated request makes, and revocation. */
@Injectable()
export class SessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The user behind an access token, if its session is live (not revoked, not past its end) and the user
   * is not disabled: one query by primary keys. Roles and organisation come from the database, not
   * from the token, so a change applies to the next request.
   */
  async authenticate(userId: string, sessionId: string): Promise<AuthenticatedUser | undefined> {
    const [row] = await this.dataSource.query<
      {
        id: string;
        username: string;
        roles: string[];
        organization_id: string;
        mfa_enabled: boolean;
        mfa_verified: boolean;
        password_change_required: boolean;
      }[]
    >(
      `SELECT u.id, u.username, u.roles, u.organization_id, u.mfa_enabled, s.mfa_verified,
              u.password_change_required
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND NOT u.disabled`,
      [sessionId, userId],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      username: row.username,
      roles: row.roles,
      organizationId: row.organization_id,
      sessionId,
      mfaVerified: row.mfa_verified,
      mfaEnabled: row.mfa_enabled,
      passwordChangeRequired: row.password_change_required,
    };
  }

  /** Ends every live session of a user, in the caller's transaction; their access tokens stop working. */
  async revokeAllOf(manager: EntityManager, userId: string, reason: RevokeReason): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      manager,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    );
    return rows.length;
  }

  /** Ends every live session of a user but one (the caller's own), in the caller's transaction. */
  async revokeOthersOf(
    manager: EntityManager,
    userId: string,
    keep: string,
    reason: RevokeReason,
  ): Promise<number> {
    const rows = await updateReturning<{ id: string }>(
      manager,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`,
      [userId, keep, reason],
    );
    return rows.length;
  }

  async revoke(manager: EntityManager, sessionId: string, reason: RevokeReason): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      manager,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return rows.length > 0;
  }
}
