import { randomBytes } from 'node:crypto';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { verifySync } from '@otplib/totp';
import { base32Decode, base32Encode } from '../domain/base32';

/**
 * TOTP (RFC 6238) through otplib's TOTP package with Node's crypto: SHA-1, 6 digits, 30-second steps,
 * what every authenticator app speaks. Secrets are 20 random bytes, kept as base32 (encrypted at rest).
 */
export const TOTP_ISSUER = 'Haven';
const crypto = new NodeCryptoPlugin();

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function otpauthUrl(secret: string, account: string): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer: TOTP_ISSUER,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/**
 * Checks a code against the secret, one step of clock drift either way, and never a step at or before
 * `lastStep` (a code is accepted once). Returns the step the code belongs to, or undefined.
 */
export function verifyTotp(secret: string, code: string, lastStep: number | null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  try {
    const result = verifySync({
      secret: base32Decode(secret),
      token: code,
      crypto,
      epochTolerance: 30,
      ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
    });
    if (!result.valid || !('timeStep' in result)) return undefined;
    return result.timeStep;
  } catch {
    return undefined;
  }
}
