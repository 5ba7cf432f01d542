import type { PdfBlock } from '../../../platform/pdf';
import type { CaseWorkPrintReads } from '../../cases';
import type { DocumentPrintReads } from '../../documents';
import type { IdentityDirectoryService } from '../../identity';
import { calendarDay, hanoiDate, hanoiDateTime } from '../print-format';
import { CaseFileSection, NONE, subheading } from './case-file-section';

/** A label in bold, then its text (a free text of the plan, kept as typed). */
const textPart = (label: string, text: string): PdfBlock[] => [
  subheading(label),
  { kind: 'paragraph', text: text.trim() || '—', align: 'left' },
];

/**
 * The safety plan (read through the cases module): its status, the current version's content and its
 * last review. The survivor's code word and safe times are never printed (a printed safety plan is often
 * handed to the survivor); the trusted people's contacts are (she needs them on paper).
 */
export const safetyPlanSection = (cases: CaseWorkPrintReads): CaseFileSection => ({
  key: 'safetyPlan',
  async build(m, { file, labels, namesOf }) {
    const sp = await cases.safetyPlan(m, file.id);
    const cur = sp.current;
    const names = await namesOf(cur ? [cur.savedBy, cur.reviewedBy] : []);
    const who = (id: string): string => names.get(id) ?? id;
    const blocks: PdfBlock[] = [
      {
        kind: 'keyValues',
        items: [
          { label: 'Tình trạng', value: labels.state('safetyPlan', sp.status) },
          {
            label: 'Đánh giá nguy cơ gần nhất',
            value: sp.assessedAt
              ? `${labels.risk(sp.riskLevel)} (${hanoiDateTime(sp.assessedAt)})`
              : 'Chưa đánh giá',
          },
          ...(cur
            ? [
                {
                  label: 'Phiên bản',
                  value: `${cur.version}, lưu ${hanoiDateTime(cur.savedAt)} — ${who(cur.savedBy)}`,
                },
                {
                  label: 'Rà soát gần nhất',
                  value: `${hanoiDateTime(cur.reviewedAt)} — ${who(cur.reviewedBy)}`,
                },
              ]
            : []),
        ],
      },
    ];
    if (!cur) return { title: 'Kế hoạch an toàn', blocks };
    const c = cur.content;
    blocks.push(...textPart('Dấu hiệu nguy hiểm', c.warningSigns));
    blocks.push(...textPart('Nơi an toàn có thể đến', c.safePlaces));
    blocks.push(subheading('Người tin cậy'));
    blocks.push(
      c.trustedPeople.length
        ? {
            kind: 'table',
            columns: ['Họ tên', 'Quan hệ', 'Cách liên lạc'],
            rows: c.trustedPeople.map((p) => [p.name, p.relationship, p.howToReach]),
          }
        : NONE,
    );
    const leaving = [...cur.leavingItems.map((k) => labels.of('leaving-items', k)), c.leavingOther.trim()];
    blocks.push(...textPart('Đồ cần mang theo khi rời đi', leaving.filter(Boolean).join('; ')));
    blocks.push(subheading('Số điện thoại khẩn cấp'));
    blocks.push(
      c.emergencyNumbers.length
        ? { kind: 'keyValues', items: c.emergencyNumbers.map((n) => ({ label: n.label, value: n.number })) }
        : NONE,
    );
    blocks.push(...textPart('Các bước đã thống nhất', c.steps));
    return { title: 'Kế hoạch an toàn', blocks };
  },
});

/** The services given recorded on the case (removed entries left out; no note), newest first. */
export const servicesSection = (cases: CaseWorkPrintReads): CaseFileSection => ({
  key: 'servicesGiven',
  async build(m, { file, labels, namesOf }) {
    const list = await cases.services(m, file.id);
    const names = await namesOf(list.map((s) => s.givenBy));
    const rows = list.map((s) => [
      labels.of('services', s.serviceKey),
      calendarDay(s.givenOn),
      names.get(s.givenBy) ?? s.givenBy,
    ]);
    return {
      title: 'Dịch vụ đã cung cấp',
      blocks: rows.length
        ? [
            {
              kind: 'table',
              columns: ['Dịch vụ', 'Ngày cung cấp', 'Người cung cấp'],
              rows,
              widths: [3, 2, 3],
            },
          ]
        : [NONE],
    };
  },
});

const MEDIA: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** "12,3 KB", "1,5 MB" (a Vietnamese decimal comma). */
export function sizeText(bytes: number): string {
  const one = (n: number): string => n.toFixed(1).replace('.', ',');
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${one(bytes / 1024)} KB`;
  return `${one(bytes / (1024 * 1024))} MB`;
}

/** The documents attached to the case: a list (kind, type, size, who, when), never a name or a content. */
export const documentsSection = (documents: DocumentPrintReads): CaseFileSection => ({
  key: 'documents',
  async build(m, { file, labels, namesOf }) {
    const list = await documents.ofCase(m, file.id);
    const names = await namesOf(list.map((d) => d.addedBy));
    const rows = list.map((d) => [
      labels.of('document-kinds', d.kind),
      MEDIA[d.mediaType] ?? d.mediaType,
      sizeText(d.sizeBytes),
      names.get(d.addedBy) ?? d.addedBy,
      hanoiDate(d.addedAt),
      d.destroyedAt ? labels.state('documentDestroyed', d.destroyedReason ?? 'removed') : 'Đang lưu',
    ]);
    return {
      title: 'Tài liệu đính kèm',
      blocks: rows.length
        ? [
            {
              kind: 'table',
              columns: ['Loại', 'Định dạng', 'Dung lượng', 'Người thêm', 'Ngày thêm', 'Tình trạng'],
              rows,
              widths: [3, 2, 2, 3, 2, 3],
            },
          ]
        : [NONE],
    };
  },
});

/** The case's transfers between organisations: who to whom, status, dates (no note, no decline reason). */
export const transfersSection = (
  cases: CaseWorkPrintReads,
  identity: IdentityDirectoryService,
): CaseFileSection => ({
  key: 'transfers',
  async build(m, { file, labels, namesOf }) {
    const list = await cases.transfers(m, file.id);
    const orgIds = [...new Set(list.flatMap((t) => [t.fromOrganizationId, t.toOrganizationId]))];
    const orgs = new Map<string, string>();
    for (const id of orgIds) orgs.set(id, (await identity.organizationName(id, m)) ?? id);
    const names = await namesOf(list.flatMap((t) => [t.requestedBy, t.decidedBy]));
    const rows = list.map((t) => [
      orgs.get(t.fromOrganizationId) ?? '—',
      orgs.get(t.toOrganizationId) ?? '—',
      labels.state('transfer', t.status),
      `${hanoiDate(t.requestedAt)} — ${names.get(t.requestedBy) ?? t.requestedBy}`,
      t.decidedAt
        ? `${hanoiDate(t.decidedAt)}${t.decidedBy ? ` — ${names.get(t.decidedBy) ?? t.decidedBy}` : ''}`
        : '—',
    ]);
    return {
      title: 'Chuyển hồ sơ',
      blocks: rows.length
        ? [
            {
              kind: 'table',
              columns: ['Từ', 'Đến', 'Trạng thái', 'Đề nghị', 'Quyết định'],
              rows,
              widths: [3, 3, 2, 3, 3],
            },
          ]
        : [NONE],
    };
  },
});
