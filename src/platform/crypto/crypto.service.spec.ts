import { randomBytes } from 'node:crypto';
import { loadEnv } from '../config/env.schema';
import { createLogger } from '../logging/logger';
import { CryptoService, DecryptionError } from './crypto.service';

const key = () => randomBytes(32).toString('base64');
const K1 = `k1:${key()}`;
const K2 = `k2:${key()}`;
const I1 = `i1:${key()}`;
const I2 = `i2:${key()}`;

function service(dataKeys: string, indexKey = I1): CryptoService {
  const env = loadEnv({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://x@localhost:5432/x',
    REDIS_URL: 'redis://localhost:6379',
    HAVEN_DATA_KEYS: dataKeys,
    HAVEN_INDEX_KEY: indexKey,
    JWT_SECRET: 'j'.repeat(40),
  });
  return new CryptoService(env, createLogger({ level: 'silent', destination: { write: () => undefined } }));
}

describe('CryptoService', () => {
  const marker = 'Nguyễn Thị Markerlan 0912345678';

  it('encrypts a field so that the value holds no plaintext and decrypts it back', () => {
    const c = service(K1);
    const enc = c.encrypt(marker, 'survivors.full_name_enc');
    expect(enc).not.toContain('Markerlan');
    expect(enc.startsWith('v1.k1.')).toBe(true);
    expect(c.decrypt(enc, 'survivors.full_name_enc')).toBe(marker);
  });

  it('gives a different ciphertext each time (random IV)', () => {
    const c = service(K1);
    expect(c.encrypt(marker, 'a.b')).not.toBe(c.encrypt(marker, 'a.b'));
  });

  it('refuses a value moved to another column (the context is bound)', () => {
    const c = service(K1);
    const enc = c.encrypt(marker, 'survivors.full_name_enc');
    expect(() => c.decrypt(enc, 'survivors.address_enc')).toThrow(DecryptionError);
  });

  it('refuses a tampered value', () => {
    const c = service(K1);
    const enc = c.encrypt(marker, 'a.b');
    const parts = enc.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => c.decrypt(parts.join('.'), 'a.b')).toThrow('authentication failed');
  });

  it('decrypts values of an older key still in the ring, and encrypts under the first key', () => {
    const old = service(K1).encrypt(marker, 'a.b');
    const rotated = service(`${K2},${K1}`);
    expect(rotated.decrypt(old, 'a.b')).toBe(marker);
    expect(rotated.isStale(old)).toBe(true);
    const fresh = rotated.encrypt(marker, 'a.b');
    expect(rotated.keyIdOf(fresh)).toBe('k2');
    expect(rotated.isStale(fresh)).toBe(false);
  });

  it('names a missing key id without printing any value', () => {
    const enc = service(K1).encrypt(marker, 'a.b');
    expect(() => service(K2).decrypt(enc, 'a.b')).toThrow('key k1 is not in the key ring');
  });

  it('finds the same blind index for a phone written two ways, and none equal across kinds', () => {
    const c = service(K1);
    expect(c.phoneIndex('0912 345 678')).toBe(c.phoneIndex('+84912345678'));
    expect(c.phoneIndex('0912 345 678')).not.toBe(c.phoneIndex('0912 345 679'));
    expect(c.blindIndex('phone', '+84912345678')).not.toBe(c.blindIndex('text', '+84912345678'));
    expect(c.phoneIndex('0912 345 678')).toMatch(/^i1:[0-9a-f]{64}$/);
  });

  it('indexes names without regard to case and diacritics, with the birth year when given', () => {
    const c = service(K1);
    expect(c.nameIndex('Nguyễn Thị Lan')).toBe(c.nameIndex('nguyen  thi LAN'));
    expect(c.nameBirthYearIndex('Nguyễn Thị Lan', 1990)).not.toBe(
      c.nameBirthYearIndex('Nguyễn Thị Lan', 1991),
    );
  });

  it('changes every index when the index key changes (re-indexing is needed)', () => {
    expect(service(K1, I1).phoneIndex('0912345678')).not.toBe(service(K1, I2).phoneIndex('0912345678'));
  });

  it('indexes national ID numbers only when well formed', () => {
    const c = service(K1);
    expect(c.nationalIdIndex('001 190 012 345')).toBe(c.nationalIdIndex('001190012345'));
    expect(c.nationalIdIndex('12345')).toBeUndefined();
  });

  describe('bytes', () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.4 Markerlan '), randomBytes(4096)]);

    it('seals bytes so that they hold no plaintext, and opens them back', () => {
      const c = service(K1);
      const sealed = c.encryptBytes(content, 'documents.content:d1');
      expect(sealed.includes(Buffer.from('Markerlan'))).toBe(false);
      expect(sealed.length).toBe(content.length + 2 + 2 + 12 + 16);
      expect(c.keyIdOfBytes(sealed)).toBe('k1');
      expect(c.decryptBytes(sealed, 'documents.content:d1').equals(content)).toBe(true);
    });

    it('refuses sealed bytes under another context, altered, or truncated', () => {
      const c = service(K1);
      const sealed = c.encryptBytes(content, 'documents.content:d1');
      expect(() => c.decryptBytes(sealed, 'documents.content:d2')).toThrow(DecryptionError);
      const altered = Buffer.from(sealed);
      altered[40] = (altered[40] ?? 0) ^ 1;
      expect(() => c.decryptBytes(altered, 'documents.content:d1')).toThrow(DecryptionError);
      expect(() => c.decryptBytes(sealed.subarray(0, 20), 'documents.content:d1')).toThrow(DecryptionError);
      expect(() => c.decryptBytes(Buffer.from('v1.k1.x'), 'documents.content:d1')).toThrow(DecryptionError);
    });

    it('opens bytes sealed under an older key of the ring; refuses an unknown key', () => {
      const sealed = service(K1).encryptBytes(content, 'x');
      expect(service(`${K2},${K1}`).decryptBytes(sealed, 'x').equals(content)).toBe(true);
      expect(() => service(K2).decryptBytes(sealed, 'x')).toThrow(DecryptionError);
    });

    it('seals empty content', () => {
      const c = service(K1);
      expect(c.decryptBytes(c.encryptBytes(Buffer.alloc(0), 'x'), 'x').length).toBe(0);
    });
  });
});
