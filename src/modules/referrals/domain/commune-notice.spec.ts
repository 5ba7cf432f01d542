import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PdfBlock } from '../../../platform/pdf';
import {
  buildCommuneNotice,
  communeInSentence,
  communeNoticeConfigProblems,
  CommuneNoticeFacts,
  parseCommuneNoticeConfig,
  vietnameseDate,
} from './commune-notice';

const TYPES = ['trusted_address', 'safe_house', 'commune_office'];
const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'config', 'commune-notice.yaml'), 'utf8');
const config = parseCommuneNoticeConfig('config/commune-notice.yaml', text, TYPES);

const facts = (over: Partial<CommuneNoticeFacts> = {}): CommuneNoticeFacts => ({
  trustedAddress: { name: 'Địa chỉ tin cậy Hàng Bạc', addressText: '12 Hàng Bạc', phone: '0241234567' },
  commune: { code: '00070', fullName: 'Phường Hoàn Kiếm' },
  place: 'Hà Nội',
  // 23:30 UTC on 4 November is 06:30 on 5 November in Hanoi.
  admittedAt: new Date('2026-11-04T23:30:00Z'),
  issuedAt: new Date('2026-01-06T02:00:00Z'),
  caseReference: 'HN-2026-000123',
  identity: null,
  ...over,
});

/** Every text the document would print, in order. */
const textsOf = (blocks: PdfBlock[]): string[] =>
  blocks.flatMap((b) => {
    switch (b.kind) {
      case 'heading':
      case 'paragraph':
        return [b.text];
      case 'keyValues':
        return b.items.map((i) => `${i.label}: ${i.value}`);
      case 'columns':
        return [...b.left, ...b.right].map((l) => l.text);
      case 'table':
        return [...b.columns, ...b.rows.flat()];
      case 'spacer':
        return [];
    }
  });

describe('commune notice', () => {
  it('addresses the commune People’s Committee in the administrative form, with the admission day in Hanoi', () => {
    const doc = buildCommuneNotice(facts(), config);
    const all = textsOf(doc.blocks).join('\n');
    expect(all).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(all).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(all).toContain('THÔNG BÁO');
    expect(all).toContain('Kính gửi: Ủy ban nhân dân phường Hoàn Kiếm');
    expect(all).toContain('Địa chỉ tin cậy Hàng Bạc trân trọng thông báo: ngày 05/11/2026');
    expect(all).toContain('Điều 36 Luật Phòng, chống bạo lực gia đình số 13/2022/QH15');
    expect(all).toContain('Hà Nội, ngày 06 tháng 01 năm 2026');
    expect(all).toContain('Địa chỉ: 12 Hàng Bạc');
    expect(all).toContain('HN-2026-000123');
    expect(all).not.toMatch(/\{\w+\}/);
  });

  it('withholds her identity when no consent names the commune office', () => {
    const all = textsOf(buildCommuneNotice(facts(), config).blocks).join('\n');
    expect(all).toContain(config.wording.identityWithheld);
    expect(all).not.toContain(config.wording.identityLabels.fullName);
  });

  it('prints exactly the identity fields given, and not the withheld sentence', () => {
    const doc = buildCommuneNotice(
      facts({ identity: { fullName: 'Nguyễn Thị Hồng', birthYear: 1990 } }),
      config,
    );
    const all = textsOf(doc.blocks);
    expect(all).toContain('Họ và tên: Nguyễn Thị Hồng');
    expect(all).toContain('Năm sinh: 1990');
    expect(all.join('\n')).not.toContain(config.wording.identityLabels.nationalId);
    expect(all.join('\n')).not.toContain(config.wording.identityWithheld);
  });

  it('keeps personal data and the reference out of the metadata title', () => {
    const doc = buildCommuneNotice(facts({ identity: { fullName: 'Nguyễn Thị Hồng' } }), config);
    expect(doc.title).toBe('THÔNG BÁO về việc tiếp nhận người bị bạo lực gia đình tại địa chỉ tin cậy');
    expect(doc.language).toBe('vi-VN');
  });

  it('leaves out the contact lines the trusted address has not recorded', () => {
    const doc = buildCommuneNotice(
      facts({ trustedAddress: { name: 'ĐCTC', addressText: null, phone: null } }),
      config,
    );
    expect(textsOf(doc.blocks).join('\n')).not.toContain('Điện thoại:');
  });

  it('writes dates as Vietnamese documents do, on the Hanoi calendar', () => {
    expect(vietnameseDate(new Date('2026-12-31T17:00:00Z'))).toBe('01/01/2027');
    expect(communeInSentence('Đặc khu Côn Đảo')).toBe('đặc khu Côn Đảo');
    const issued = buildCommuneNotice(facts({ issuedAt: new Date('2026-11-20T03:00:00Z') }), config);
    expect(textsOf(issued.blocks).join('\n')).toContain('Hà Nội, ngày 20 tháng 11 năm 2026');
  });

  it('names every problem of a bad configuration', () => {
    const bad = text
      .replace('providerTypes: [trusted_address]', 'providerTypes: [guest_house]')
      .replace("'Kính gửi: Ủy ban nhân dân {commune}'", "'Kính gửi: {comune}'")
      .replace(/ {2}signatureTitle: .*\n/, '');
    const problems = communeNoticeConfigProblems(bad, TYPES);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('providerTypes.0'),
        'wording.recipient: {comune} is not a placeholder',
        'wording.signatureTitle must be a text',
      ]),
    );
    expect(() => parseCommuneNoticeConfig('x.yaml', bad, TYPES)).toThrow(/^x\.yaml: /);
    expect(communeNoticeConfigProblems(text, TYPES)).toEqual([]);
  });
});
