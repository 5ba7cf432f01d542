import { randomBytes } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { DomainError } from '../../platform/http';
import { isCommonPassword } from './common-passwords';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './domain/password-policy';
import './identity.errors';

/**
 * argon2id with the parameters OWASP recommends for it (19 MiB, 2 passes, 1 lane): strong enough, and
 * cheap enough that sign-in stays fast on a small server.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService implements OnModuleInit {
  private dummy?: Promise<string>;

  /** The dummy hash is made at start-up, so that the first unknown username costs no more than others. */
  onModuleInit(): void {
    this.dummy ??= this.hash(randomBytes(24).toString('base64url'));
    this.dummy.catch(() => {
      this.dummy = undefined;
    });
  }

  /** Refuses a weak password with a code that says why (ASVS 6.2). */
  assertAcceptable(password: string, username: string, field = 'password'): void {
    switch (passwordProblem(password, username, isCommonPassword)) {
      case 'too_short':
        throw new DomainError('PASSWORD_TOO_SHORT', { field, min: MIN_PASSWORD_LENGTH }, [{ field }]);
      case 'contains_username':
        throw new DomainError('PASSWORD_CONTAINS_USERNAME', { field }, [{ field }]);
      case 'common':
        throw new DomainError('PASSWORD_TOO_COMMON', { field }, [{ field }]);
      case undefined:
        return;
    }
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same work as a real check, for a username that does not exist, so that the answer and
   * its time do not tell whether the account exists.
   */
  async verifyDummy(password: string): Promise<void> {
    this.dummy ??= this.hash(randomBytes(24).toString('base64url'));
    await this.verify(await this.dummy, password);
  }
}
