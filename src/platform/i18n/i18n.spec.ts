import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registeredErrorCodes } from '../http/domain-error';
// Imported for its side effect: the module's error codes register themselves.
import '../../modules/geography/geography.errors';
import { loadMessages, pickLanguage, translate } from './i18n';

describe('loadMessages on config/i18n', () => {
  const all = loadMessages();

  it('has the same codes in Vietnamese and English', () => {
    expect(Object.keys(all.vi).length).toBeGreaterThan(0);
    expect(Object.keys(all.en).sort()).toEqual(Object.keys(all.vi).sort());
  });

  it('has a message in both languages for every registered error code', () => {
    const codes = registeredErrorCodes();
    expect(codes).toEqual(
      expect.arrayContaining(['INTERNAL_ERROR', 'VALIDATION_FAILED', 'GEOGRAPHY_PROVINCE_NOT_FOUND']),
    );
    const missing = codes.filter((c) => !(c in all.vi) || !(c in all.en));
    expect(missing).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string): string[] =>
      [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const code of Object.keys(all.vi)) {
      expect({ code, names: placeholders(all.en[code] ?? '') }).toEqual({
        code,
        names: placeholders(all.vi[code] ?? ''),
      });
    }
  });
});

describe('loadMessages on a malformed folder', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'haven-i18n-'));
    mkdirSync(join(dir, 'i18n', 'vi'), { recursive: true });
    mkdirSync(join(dir, 'i18n', 'en'), { recursive: true });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a code present in only one language and names it', () => {
    writeFileSync(join(dir, 'i18n', 'vi', 'm.yaml'), 'A: "một"\nB: "hai"\n');
    writeFileSync(join(dir, 'i18n', 'en', 'm.yaml'), 'A: "one"\n');
    expect(() => loadMessages(dir)).toThrow('messages missing in one language: B');
  });

  it('refuses a code defined in two files of one language', () => {
    writeFileSync(join(dir, 'i18n', 'vi', 'a.yaml'), 'A: "một"\n');
    writeFileSync(join(dir, 'i18n', 'vi', 'b.yaml'), 'A: "hai"\n');
    writeFileSync(join(dir, 'i18n', 'en', 'a.yaml'), 'A: "one"\n');
    expect(() => loadMessages(dir)).toThrow('config/i18n/vi/b.yaml: A is defined twice');
  });

  it('refuses a message that is empty', () => {
    writeFileSync(join(dir, 'i18n', 'vi', 'm.yaml'), 'A: ""\n');
    writeFileSync(join(dir, 'i18n', 'en', 'm.yaml'), 'A: "one"\n');
    expect(() => loadMessages(dir)).toThrow('config/i18n/vi/m.yaml: A must be a text');
  });
});

describe('pickLanguage', () => {
  it.each<[string | string[] | undefined, 'vi' | 'en']>([
    ['en-US,en;q=0.9', 'en'],
    ['fr', 'vi'],
    [undefined, 'vi'],
    ['', 'vi'],
    ['vi;q=0.5,en;q=0.8', 'en'],
    ['en;q=0.5,vi;q=0.8', 'vi'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['EN-GB', 'en'],
    [['fr', 'en-US'], 'en'],
    ['fr, en;q=0', 'vi'],
  ])('picks for %p the language %p', (header, expected) => {
    expect(pickLanguage(header)).toBe(expected);
  });

  it('keeps header order between equal weights', () => {
    expect(pickLanguage('en,vi')).toBe('en');
    expect(pickLanguage('vi,en')).toBe('vi');
  });
});

describe('translate', () => {
  it('fills placeholders in the chosen language', () => {
    expect(translate('GEOGRAPHY_PROVINCE_NOT_FOUND', 'en', { code: '01' })).toBe(
      'There is no province with code 01.',
    );
    expect(translate('GEOGRAPHY_PROVINCE_NOT_FOUND', 'vi', { code: '01' })).toContain('01');
  });

  it("fills a placeholder with its value in the reader's language when one is given (<name>_<lang>)", () => {
    const params = { type: 'trusted_address', type_vi: 'Địa chỉ tin cậy', type_en: 'Trusted address' };
    expect(translate('NO_CAPACITY', 'en', params)).toBe('The provider (Trusted address) has no free place.');
    expect(translate('NO_CAPACITY', 'vi', params)).toBe('Nơi nhận (Địa chỉ tin cậy) đã hết chỗ.');
    expect(translate('NO_CAPACITY', 'en', { type: 'trusted_address' })).toContain('(trusted_address)');
  });

  it('fills numeric placeholders', () => {
    expect(translate('VALIDATION_FAILED', 'en', { fields: 3 })).toContain('invalid fields: 3.');
  });

  it('leaves a placeholder without a value as it is', () => {
    expect(translate('GEOGRAPHY_PROVINCE_NOT_FOUND', 'en')).toBe('There is no province with code {code}.');
  });

  it('gives different texts for Vietnamese and English', () => {
    expect(translate('NOT_FOUND', 'vi')).not.toBe(translate('NOT_FOUND', 'en'));
  });

  it('falls back to the code itself for an unknown code', () => {
    expect(translate('NO_SUCH_CODE', 'en')).toBe('NO_SUCH_CODE');
  });
});
