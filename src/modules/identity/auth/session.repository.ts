import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  changedCount,
  col,
  firstRow,
  Queryable,
  rowShape,
  updateReturning,
} from '../../../platform/database';
import type { AuthUser } from '../../../platform/http';

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

const LIVE_SESSION = rowShape('live session', {
  id: col.uuid(),
  username: col.text(),
  roles: col.textArray(),
  organization_id: col.uuid(),
  mfa_enabled: col.bool(),
  mfa_verified: col.bool(),
  password_change_required: col.bool(),
});

const ID = rowShape('session id', { id: col.uuid() });
const FAILURES = rowShape('session password failures', { failures: col.int() });

/** The sessions table: opening, the one lookup each authenticated request makes, and revocation. */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens a session; gives its id. */
  async open(m: Queryable, userId: string, expiresAt: Date, mfaVerified: boolean): Promise<string> {
    const row = await firstRow(
      m,
      `INSERT INTO sessions (user_id, expires_at, mfa_verified) VALUES ($1, $2, $3) RETURNING id`,
      [userId, expiresAt, mfaVerified],
    );
    if (row === undefined) throw new Error('session insert returned nothing');
    return ID.parse(row).id;
  }

  /**
   * The user behind an access token, if its session is live (not revoked, not past its end) and the user
   * is not disabled: one query by primary keys. Roles and organisation come from the database, not
   * from the token, so a change applies to the next request.
   */
  async authenticate(userId: string, sessionId: string): Promise<AuthenticatedUser | undefined> {
    const raw = await firstRow(
      this.dataSource.manager,
      `SELECT u.id, u.username, u.roles, u.organization_id, u.mfa_enabled, s.mfa_verified,
              u.password_change_required
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND NOT u.disabled`,
      [sessionId, userId],
    );
    if (raw === undefined) return undefined;
    const row = LIVE_SESSION.parse(raw);
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

  /** Ends every live session of a user; their access tokens stop working. Gives how many ended. */
  revokeAllOf(m: Queryable, userId: string, reason: RevokeReason): Promise<number> {
    return changedCount(
      m,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, reason],
    );
  }

  /** Ends every live session of a user but one (the caller's own). Gives how many ended. */
  revokeOthersOf(m: Queryable, userId: string, keep: string, reason: RevokeReason): Promise<number> {
    return changedCount(
      m,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $3
        WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
      [userId, keep, reason],
    );
  }

  /** Ends one session; false when it had ended already. */
  async revoke(m: Queryable, sessionId: string, reason: RevokeReason): Promise<boolean> {
    const n = await changedCount(
      m,
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, reason],
    );
    return n > 0;
  }

  /** Records that the session was used now. */
  async touch(m: Queryable, sessionId: string): Promise<void> {
    await m.query(`UPDATE sessions SET last_used_at = now() WHERE id = $1`, [sessionId]);
  }

  /** The second factor was proved in this session. */
  async markMfaVerified(m: Queryable, sessionId: string): Promise<void> {
    await m.query(`UPDATE sessions SET mfa_verified = true WHERE id = $1`, [sessionId]);
  }

  /** Counts a wrong current password given in this session; gives the count so far (0: no session). */
  async countPasswordFailure(m: Queryable, sessionId: string): Promise<number> {
    const [row] = await updateReturning(
      m,
      `UPDATE sessions SET password_failures = password_failures + 1 WHERE id = $1
       RETURNING password_failures AS failures`,
      [sessionId],
    );
    return row === undefined ? 0 : FAILURES.parse(row).failures;
  }
}
