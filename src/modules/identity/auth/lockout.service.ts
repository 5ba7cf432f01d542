import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ENV, Env } from '../../../platform/config';
import type { AuthUser } from '../../../platform/http';
import { AuditService } from '../../audit';
import { CredentialRepository } from './credential.repository';
import { SessionRepository } from './session.repository';

/** Failed sign-ins in a row that lock the account (docs/DESIGN.md §7). */
export const LOCKOUT_THRESHOLD = 5;

/** Wrong current passwords one session may give on /auth/password before that session ends. */
export const SESSION_PASSWORD_GUESSES = 5;

type Actor = Pick<AuthUser, 'id' | 'roles' | 'organizationId'>;

/** A sign-in attempt as counted before its password is checked. */
export interface CountedAttempt {
  /** Its place in the run of attempts since the last success (or the end of the last lock). */
  number: number;
  /** Refused without checking the password: locked, or past the threshold while earlier ones are checked. */
  refused: boolean;
}

/**
 * The account lockout, in PostgreSQL (users.failed_logins, users.locked_until) so it holds across API
 * processes. Each attempt is counted by one atomic UPDATE *before* its password is checked, and the
 * decision is taken on the number that UPDATE returns: however many attempts arrive together, at most
 * LOCKOUT_THRESHOLD passwords are tried before the lock, and the count ends at the number of attempts.
 */
@Injectable()
export class LockoutService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
  ) {}

  /** Counts an attempt (a lock whose time is up starts a fresh run at 1). */
  async count(userId: string): Promise<CountedAttempt> {
    const row = await this.credentials.countAttempt(this.dataSource.manager, userId);
    if (!row) return { number: 0, refused: true };
    return { number: row.attempt, refused: row.locked || row.attempt > LOCKOUT_THRESHOLD };
  }

  /**
   * A counted attempt whose password (or TOTP code) was wrong: audited; the one that reaches the
   * threshold locks the account for AUTH_LOCKOUT_MINUTES.
   */
  async failed(actor: Actor, attempt: CountedAttempt, reasonCode: string, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const locked =
        attempt.number >= LOCKOUT_THRESHOLD &&
        (await this.credentials.lockIfUnlocked(m, actor.id, this.env.AUTH_LOCKOUT_MINUTES));
      await this.audit.record(m, {
        action: 'auth.login',
        outcome: 'failure',
        actor,
        entityType: 'user',
        entityId: actor.id,
        reasonCode,
        requestId,
      });
      if (locked) {
        await this.audit.record(m, {
          action: 'auth.lockout',
          outcome: 'denied',
          actor,
          entityType: 'user',
          entityId: actor.id,
          reasonCode: 'too_many_failed_sign_ins',
          requestId,
        });
      }
    });
  }

  /**
   * A wrong current password on /auth/password. It does not count towards the account's lockout (a
   * stolen session could lock the owner out); instead the session itself ends after
   * SESSION_PASSWORD_GUESSES of them, so a stolen session cannot guess on without limit.
   */
  async wrongCurrentPassword(user: AuthUser, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const failures = await this.sessions.countPasswordFailure(m, user.sessionId);
      const ended =
        failures >= SESSION_PASSWORD_GUESSES &&
        (await this.sessions.revoke(m, user.sessionId, 'password_change_failures'));
      await this.audit.record(m, {
        action: 'user.password_change_failed',
        outcome: 'failure',
        actor: user,
        entityType: 'session',
        entityId: user.sessionId,
        reasonCode: ended ? 'wrong_current_password:session_ended' : 'wrong_current_password',
        requestId,
      });
    });
  }
}
