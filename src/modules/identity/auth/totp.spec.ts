import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { base32Decode, base32Encode } from '../domain/base32';
import { newTotpSecret, otpauthUrl, verifyTotp } from './totp';

const codeAt = (secret: string, epoch: number): string =>
  generateSync({ secret: base32Decode(secret), crypto: new NodeCryptoPlugin(), epoch });
const now = (): number => Math.floor(Date.now() / 1000);

describe('TOTP', () => {
  it('matches RFC 6238 (SHA-1 test vector at T = 59 s, last six digits)', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(codeAt(secret, 59)).toBe('287082');
  });

  it('makes 160-bit secrets in base32', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('accepts the current code and one step of drift, returning its step', () => {
    const secret = newTotpSecret();
    const step = Math.floor(now() / 30);
    expect(verifyTotp(secret, codeAt(secret, now()), null)).toBeGreaterThanOrEqual(step);
    expect(verifyTotp(secret, codeAt(secret, now() - 30), null)).toBeDefined();
    expect(verifyTotp(secret, codeAt(secret, now() - 120), null)).toBeUndefined();
  });

  it('never accepts a step at or before the last one accepted', () => {
    const secret = newTotpSecret();
    const code = codeAt(secret, now());
    const step = verifyTotp(secret, code, null);
    expect(step).toBeDefined();
    expect(verifyTotp(secret, code, step!)).toBeUndefined();
  });

  it('refuses anything but six digits', () => {
    const secret = newTotpSecret();
    expect(verifyTotp(secret, '12345', null)).toBeUndefined();
    expect(verifyTotp(secret, 'abcdef', null)).toBeUndefined();
  });

  it('makes an otpauth URL with issuer, account and secret', () => {
    const url = new URL(otpauthUrl('JBSWY3DPEHPK3PXP', 'lan.nguyen'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Haven:lan.nguyen');
    expect(url.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(url.searchParams.get('issuer')).toBe('Haven');
  });
});
