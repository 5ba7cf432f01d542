import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  Queryable,
  rowShape,
  run,
  updateReturning,
  updateStatement,
} from '../../../platform/database';
import { USER_DATA } from '../identity.personal-data';

const CREDENTIALS = rowShape('user credentials', {
  id: col.uuid(),
  username: col.text(),
  display_name: col.text(),
  roles: col.textArray(),
  organization_id: col.uuid(),
  disabled: col.bool(),
  password_hash: col.text(),
  mfa_enabled: col.bool(),
  mfa_secret_enc: col.text().orNull(),
  /** bigint: node-postgres gives it as text. */
  mfa_last_step: col.text().orNull(),
});

const CLEARED = rowShape('sign-in cleared', { password_change_required: col.bool() });
const DISABLED = rowShape('user disabled', { disabled: col.bool() });
const ATTEMPT = rowShape('sign-in attempt', { attempt: col.int(), locked: col.bool() });
const MFA_STATE = rowShape('second factor state', {
  mfa_enabled: col.bool(),
  mfa_pending_secret_enc: col.text().orNull(),
  mfa_last_step: col.text().orNull(),
});

/** What checking a user's password and second factor needs. */
export interface Credentials {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  organizationId: string;
  disabled: boolean;
  passwordHash: string;
  mfaEnabled: boolean;
  /** The confirmed TOTP secret, decrypted. */
  mfaSecret: string | null;
  /** The last TOTP time step accepted. */
  mfaLastStep: number | null;
}

const step = (text: string | null): number | null => (text === null ? null : Number(text));

/**
 * The credentials part of the users table: password hashes, the sign-in lockout counters
 * (failed_logins, locked_until) and the second factor (secrets through USER_DATA).
 */
@Injectable()
export class CredentialRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** By username (already lower case) or by id. */
  async find(q: Queryable, by: { username: string } | { id: string }): Promise<Credentials | undefined> {
    const [column, value] = 'id' in by ? ['id', by.id] : ['username', by.username];
    const raw = await firstRow(q, `SELECT ${CREDENTIALS.columns()} FROM users WHERE ${column} = $1`, [value]);
    if (raw === undefined) return undefined;
    const r = CREDENTIALS.parse(raw);
    return {
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      roles: r.roles,
      organizationId: r.organization_id,
      disabled: r.disabled,
      passwordHash: r.password_hash,
      mfaEnabled: r.mfa_enabled,
      mfaSecret: USER_DATA.openOne(this.crypto, 'mfaSecret', r.mfa_secret_enc),
      mfaLastStep: step(r.mfa_last_step),
    };
  }

  /**
   * Counts a sign-in attempt before its password is checked (a lock whose time is up starts a fresh run
   * at 1): the attempt's number and whether the account is locked; undefined for no such user.
   */
  async countAttempt(
    q: Queryable,
    userId: string,
  ): Promise<{ attempt: number; locked: boolean } | undefined> {
    const [row] = await updateReturning(
      q,
      `UPDATE users SET
         failed_logins = CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN locked_until <= now() THEN NULL ELSE locked_until END
       WHERE id = $1
       RETURNING failed_logins AS attempt, locked_until IS NOT NULL AS locked`,
      [userId],
    );
    return row === undefined ? undefined : ATTEMPT.parse(row);
  }

  /** Takes back the count of an attempt. */
  async uncountAttempt(q: Queryable, userId: string): Promise<void> {
    await q.query(`UPDATE users SET failed_logins = GREATEST(failed_logins - 1, 0) WHERE id = $1`, [userId]);
  }

  /** Locks the account for `minutes` unless it is locked already; true when this call locked it. */
  async lockIfUnlocked(m: Queryable, userId: string, minutes: number): Promise<boolean> {
    const n = await changedCount(
      m,
      `UPDATE users SET locked_until = now() + make_interval(mins => $2)
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())`,
      [userId, minutes],
    );
    return n > 0;
  }

  /**
   * Clears the failure count of a sign-in, if the user is enabled and not locked (checked under the row
   * lock); undefined when refused.
   */
  async clearFailuresIfAllowed(
    m: Queryable,
    userId: string,
  ): Promise<{ passwordChangeRequired: boolean } | undefined> {
    const [row] = await updateReturning(
      m,
      `UPDATE users SET failed_logins = 0, locked_until = NULL
        WHERE id = $1 AND NOT disabled AND (locked_until IS NULL OR locked_until <= now())
        RETURNING password_change_required`,
      [userId],
    );
    return row === undefined
      ? undefined
      : { passwordChangeRequired: CLEARED.parse(row).password_change_required };
  }

  /** Whether the user is disabled (undefined: no such user). */
  async isDisabled(q: Queryable, userId: string): Promise<boolean | undefined> {
    const row = await firstRow(q, `SELECT disabled FROM users WHERE id = $1`, [userId]);
    return row === undefined ? undefined : DISABLED.parse(row).disabled;
  }

  /** Records an accepted TOTP time step, only if later than the last one: false when it was not. */
  async recordTotpStep(q: Queryable, userId: string, totpStep: number): Promise<boolean> {
    const n = await changedCount(
      q,
      `UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2)`,
      [userId, totpStep],
    );
    return n > 0;
  }

  /** The user's own new password: the temporary-password mark and the failure count go. */
  async setOwnPassword(m: Queryable, userId: string, passwordHash: string): Promise<void> {
    await m.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0,
              password_change_required = false, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  /** A temporary password (a confirmed reset): she must set her own; any lock goes. */
  async setTemporaryPassword(m: Queryable, userId: string, passwordHash: string): Promise<void> {
    await m.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), password_change_required = true,
              failed_logins = 0, locked_until = NULL, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  /** Keeps a new TOTP secret as pending, unless the second factor is set up already (false then). */
  async startMfaSetup(m: Queryable, userId: string, secret: string): Promise<boolean> {
    const rows = await run(
      m,
      updateStatement(
        'users',
        USER_DATA.sealPatch(this.crypto, { mfaPendingSecret: secret }),
        (p) => `id = ${p.add(userId)} AND NOT mfa_enabled`,
        { extraSet: ['updated_at = now()'], returning: 'id' },
      ),
    );
    return rows.length > 0;
  }

  /** The second factor's state, the row locked; the pending secret decrypted. */
  async lockMfaState(
    m: Queryable,
    userId: string,
  ): Promise<
    { mfaEnabled: boolean; mfaPendingSecret: string | null; mfaLastStep: number | null } | undefined
  > {
    const raw = await firstRow(m, `SELECT ${MFA_STATE.columns()} FROM users WHERE id = $1 FOR UPDATE`, [
      userId,
    ]);
    if (raw === undefined) return undefined;
    const r = MFA_STATE.parse(raw);
    return {
      mfaEnabled: r.mfa_enabled,
      mfaPendingSecret: USER_DATA.openOne(this.crypto, 'mfaPendingSecret', r.mfa_pending_secret_enc),
      mfaLastStep: step(r.mfa_last_step),
    };
  }

  /** The pending secret becomes the user's secret, with the step of the code that confirmed it. */
  async enableMfa(m: Queryable, userId: string, secret: string, totpStep: number): Promise<void> {
    await run(
      m,
      updateStatement(
        'users',
        {
          mfa_enabled: true,
          ...USER_DATA.sealPatch(this.crypto, { mfaSecret: secret, mfaPendingSecret: null }),
          mfa_last_step: totpStep,
        },
        (p) => `id = ${p.add(userId)}`,
        { extraSet: ['updated_at = now()', 'version = version + 1'] },
      ),
    );
  }

  /** Takes the second factor away: she sets it up again. */
  async clearSecondFactor(m: Queryable, userId: string): Promise<void> {
    await run(
      m,
      updateStatement(
        'users',
        {
          mfa_enabled: false,
          ...USER_DATA.sealPatch(this.crypto, { mfaSecret: null, mfaPendingSecret: null }),
          mfa_last_step: null,
        },
        (p) => `id = ${p.add(userId)}`,
        { extraSet: ['updated_at = now()', 'version = version + 1'] },
      ),
    );
  }
}
