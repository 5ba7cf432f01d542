import type { PdfBlock, PdfDocumentSpec, PdfWatermark } from '../../platform/pdf';
import type { SharedSurvivorFields } from '../cases';
import type { ReferralForm } from '../referrals';
import { dash, hanoiDate, hanoiDateTime, PrintLabels, yesNo } from './print-format';
import type { SectionContent } from './sections/case-file-section';

/** Who printed a copy and when: the watermark of every page. */
export interface Printer {
  name: string;
  organizationName: string | null;
  at: Date;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
const roman = (n: number): string =>
  n < 10 ? (ROMAN[n] ?? '') : n < 20 ? `X${ROMAN[n - 10] ?? ''}` : String(n + 1);

export function watermarkOf(p: Printer): PdfWatermark {
  const who = p.organizationName ? `${p.name} (${p.organizationName})` : p.name;
  const when = `${hanoiDateTime(p.at)} (giờ Hà Nội)`;
  return {
    header: `BẢO MẬT · CONFIDENTIAL — In bởi: ${who} — lúc ${when}`,
    diagonal: ['BẢO MẬT · CONFIDENTIAL', `${who} · ${when}`],
  };
}

const nationalHeader = (left: string[]): PdfBlock => ({
  kind: 'columns',
  left: left.map((text, i) => ({ text, bold: i === 0, size: 11 })),
  right: [
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, size: 11 },
    { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, size: 11 },
  ],
  leftWeight: 0.8,
});

/** The printed case file: a national header, the title, then the sections numbered in order. */
export function caseFileDocument(
  reference: string,
  organizationName: string | null,
  purpose: string,
  printer: Printer,
  sections: SectionContent[],
): PdfDocumentSpec {
  return {
    // Metadata travels with copies: the reference only, never a name.
    title: `Hồ sơ ${reference}`,
    language: 'vi-VN',
    bodySize: 10,
    blocks: [
      nationalHeader([(organizationName ?? '').toUpperCase(), `Mã hồ sơ: ${reference}`]),
      { kind: 'spacer' },
      { kind: 'heading', text: 'HỒ SƠ QUẢN LÝ TRƯỜNG HỢP', size: 15 },
      { kind: 'paragraph', text: '(Bản in — tài liệu mật)', align: 'center', italic: true },
      {
        kind: 'keyValues',
        items: [
          { label: 'Mục đích in', value: purpose },
          { label: 'Người in', value: printer.name },
          { label: 'Thời điểm in', value: `${hanoiDateTime(printer.at)} (giờ Hà Nội)` },
        ],
      },
      ...sections.flatMap((s, i): PdfBlock[] => [
        { kind: 'spacer', lines: 0.5 },
        { kind: 'heading', text: `${roman(i)}. ${s.title.toUpperCase()}`, size: 12, align: 'left' },
        ...s.blocks,
      ]),
    ],
    footer: {
      text: `Hồ sơ ${reference} — không sao chép, không chuyển cho người khác`,
      pageNumbers: 'Trang {page}/{pages}',
    },
    watermark: watermarkOf(printer),
  };
}

/** The survivor's consented fields as "label: value" lines; only the keys present are printed. */
function sharedLines(s: SharedSurvivorFields, labels: PrintLabels): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  const label = (key: string): string => labels.of('shared-fields', key);
  if ('fullName' in s) out.push({ label: label('fullName'), value: dash(s.fullName) });
  if ('birthYear' in s) out.push({ label: label('birthYear'), value: dash(s.birthYear) });
  if ('phones' in s) out.push({ label: label('phones'), value: s.phones?.join(', ') || '—' });
  if ('addressDetail' in s) out.push({ label: label('addressDetail'), value: dash(s.addressDetail) });
  if ('nationalId' in s) out.push({ label: label('nationalId'), value: dash(s.nationalId) });
  if ('guardian' in s) {
    const g = s.guardian;
    out.push({
      label: label('guardian'),
      value: g ? [g.fullName, g.phone].filter(Boolean).join(', ') || '—' : '—',
    });
  }
  if ('safeContact' in s && s.safeContact) {
    const c = s.safeContact;
    out.push({
      label: label('safeContact'),
      value: [
        `Gọi điện: ${yesNo(c.canCall)}`,
        `Nhắn tin: ${yesNo(c.canText)}`,
        `Để lại lời nhắn: ${yesNo(c.canLeaveMessage)}`,
        `Dùng chung điện thoại với người gây bạo lực: ${yesNo(c.phoneSharedWithPerpetrator)}`,
        ...(c.safeTimes ? [`Giờ an toàn: ${c.safeTimes}`] : []),
        ...(c.codeWord ? [`Mật khẩu liên lạc: ${c.codeWord}`] : []),
      ].join('; '),
    });
  }
  if ('riskLevel' in s) out.push({ label: label('riskLevel'), value: labels.risk(s.riskLevel) });
  if ('violenceTypes' in s) {
    out.push({ label: label('violenceTypes'), value: labels.list('violence-types', s.violenceTypes ?? []) });
  }
  return out;
}

/** The referral form for a provider outside Haven: what was asked, what she consented to share, who asks. */
export function referralFormDocument(
  form: ReferralForm,
  referrer: { organizationName: string | null; contactName: string },
  printer: Printer,
  labels: PrintLabels,
): PdfDocumentSpec {
  const shared = sharedLines(form.survivor, labels);
  return {
    title: `Phiếu chuyển gửi ${form.reference}`,
    language: 'vi-VN',
    bodySize: 11,
    blocks: [
      nationalHeader([(referrer.organizationName ?? '').toUpperCase(), `Số: ${form.reference}`]),
      { kind: 'spacer' },
      { kind: 'heading', text: 'PHIẾU CHUYỂN GỬI', size: 15 },
      { kind: 'paragraph', text: `Kính gửi: ${form.providerName ?? '—'}`, align: 'center', bold: true },
      { kind: 'spacer', lines: 0.5 },
      { kind: 'heading', text: '1. NỘI DUNG ĐỀ NGHỊ', size: 12, align: 'left' },
      {
        kind: 'keyValues',
        items: [
          { label: 'Mã chuyển gửi', value: form.reference },
          { label: 'Ngày gửi', value: hanoiDate(form.sentAt) },
          { label: 'Mức độ khẩn cấp', value: labels.of('referral-urgencies', form.urgency) },
          { label: 'Đề nghị phản hồi trước', value: hanoiDateTime(form.dueBy) },
          { label: 'Dịch vụ đề nghị', value: labels.list('services', form.services) },
          ...(form.note ? [{ label: 'Ghi chú của nơi chuyển gửi', value: form.note }] : []),
        ],
      },
      { kind: 'heading', text: '2. THÔNG TIN NGƯỜI ĐƯỢC CHUYỂN GỬI', size: 12, align: 'left' },
      shared.length
        ? { kind: 'keyValues', items: shared }
        : {
            kind: 'paragraph',
            text: 'Người được chuyển gửi không đồng ý chia sẻ thông tin cá nhân; nơi nhận liên hệ người chuyển gửi.',
            italic: true,
          },
      {
        kind: 'paragraph',
        text: 'Chỉ gồm những thông tin người được chuyển gửi đã đồng ý chia sẻ. Đề nghị giữ bí mật, không sao chép.',
        italic: true,
      },
      { kind: 'heading', text: '3. NƠI CHUYỂN GỬI', size: 12, align: 'left' },
      {
        kind: 'keyValues',
        items: [
          { label: 'Cơ quan', value: dash(referrer.organizationName) },
          { label: 'Người liên hệ', value: referrer.contactName },
        ],
      },
      { kind: 'spacer' },
      {
        kind: 'columns',
        left: [
          { text: 'NƠI NHẬN', bold: true },
          { text: '(Ký, ghi rõ họ tên, ngày nhận)', italic: true, size: 9 },
        ],
        right: [
          { text: `Hà Nội, ngày ${hanoiDate(printer.at)}`, italic: true },
          { text: 'NGƯỜI CHUYỂN GỬI', bold: true },
          { text: '(Ký, ghi rõ họ tên)', italic: true, size: 9 },
          { text: ' ' },
          { text: ' ' },
          { text: ' ' },
          { text: referrer.contactName, bold: true },
        ],
      },
    ],
    footer: {
      text: `Phiếu chuyển gửi ${form.reference} — tài liệu mật`,
      pageNumbers: 'Trang {page}/{pages}',
    },
    watermark: watermarkOf(printer),
  };
}
