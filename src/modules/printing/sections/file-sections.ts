import type { PdfBlock } from '../../../platform/pdf';
import { calendarDay, dash, hanoiDate, hanoiDateTime, yesNo } from '../print-format';
import { CaseFileSection, NONE } from './case-file-section';

const day = (d: Date | null): string => (d ? hanoiDate(d) : '—');

/** The case's own facts: reference, status, organisation, counsellor, dates, risk level. */
export const HEADER_SECTION: CaseFileSection = {
  key: 'header',
  async build(_m, { file, labels, organizationName, namesOf }) {
    const names = await namesOf([file.assigneeId]);
    return {
      title: 'Thông tin chung',
      blocks: [
        {
          kind: 'keyValues',
          items: [
            { label: 'Mã hồ sơ', value: file.reference },
            { label: 'Trạng thái', value: labels.state('case', file.status) },
            { label: 'Cơ quan quản lý', value: dash(organizationName) },
            {
              label: 'Người phụ trách',
              value: file.assigneeId ? (names.get(file.assigneeId) ?? file.assigneeId) : 'Chưa phân công',
            },
            { label: 'Kênh tiếp nhận', value: labels.of('channels', file.channel) },
            { label: 'Thời điểm tiếp nhận', value: hanoiDateTime(file.receivedAt) },
            { label: 'Ngày mở hồ sơ', value: hanoiDate(file.openedAt) },
            { label: 'Cập nhật lần cuối', value: hanoiDateTime(file.updatedAt) },
            { label: 'Mức độ nguy cơ', value: labels.risk(file.riskLevel) },
            { label: 'Hồ sơ hạn chế', value: yesNo(file.restricted) },
          ],
        },
      ],
    };
  },
};

/** The survivor as the printer may see her (the code word and safe times never go on paper). */
export const SURVIVOR_SECTION: CaseFileSection = {
  key: 'survivor',
  async build(_m, { file, labels, communeName }) {
    const s = file.survivor;
    if (!s) return { title: 'Người bị bạo lực', blocks: [NONE] };
    const born = s.dateOfBirth ? calendarDay(s.dateOfBirth) : dash(s.birthYear);
    return {
      title: 'Người bị bạo lực',
      blocks: [
        {
          kind: 'keyValues',
          items: [
            { label: 'Họ và tên', value: dash(s.fullName) },
            { label: 'Giới tính', value: labels.of('sexes', s.sex) },
            { label: 'Ngày/năm sinh', value: born },
            { label: 'Nhóm tuổi', value: labels.of('age-groups', s.ageGroup) },
            { label: 'Số định danh', value: dash(s.nationalId) },
            { label: 'Điện thoại', value: s.phones.length ? s.phones.join(', ') : '—' },
            { label: 'Xã/phường', value: await communeName(s.communeCode) },
            { label: 'Địa chỉ', value: dash(s.addressDetail) },
            { label: 'Khuyết tật', value: yesNo(s.disability) },
            { label: 'Dân tộc thiểu số', value: yesNo(s.ethnicMinority) },
            { label: 'Tình trạng hôn nhân', value: labels.of('marital-statuses', s.maritalStatus) },
            { label: 'Nghề nghiệp', value: labels.of('occupation-groups', s.occupationGroup) },
            ...(s.guardian
              ? [
                  {
                    label: 'Người giám hộ',
                    value: [s.guardian.fullName, s.guardian.phone].filter(Boolean).join(', ') || '—',
                  },
                ]
              : []),
          ],
        },
      ],
    };
  },
};

/** Every incident, newest first. */
export const INCIDENTS_SECTION: CaseFileSection = {
  key: 'incidents',
  async build(_m, { file, labels, communeName }) {
    const places = await Promise.all(file.incidents.map((i) => communeName(i.communeCode)));
    const blocks: PdfBlock[] = file.incidents.flatMap((i, n): PdfBlock[] => [
      { kind: 'paragraph', text: `Vụ việc ${n + 1}`, bold: true },
      {
        kind: 'keyValues',
        items: [
          { label: 'Ngày xảy ra', value: calendarDay(i.occurredOn) },
          { label: 'Xã/phường', value: places[n] ?? '—' },
          { label: 'Nơi xảy ra', value: labels.of('place-types', i.placeType) },
          { label: 'Hình thức bạo lực', value: labels.list('violence-types', i.violenceTypes) },
          { label: 'Hành vi bạo lực gia đình', value: labels.list('dv-acts', i.dvActs) },
          {
            label: 'Người gây bạo lực',
            value:
              [
                labels.of('relationships', i.perpetratorRelationship),
                labels.of('sexes', i.perpetratorSex),
                labels.of('age-groups', i.perpetratorAgeGroup),
              ]
                .filter((v) => v !== '—')
                .join(', ') || '—',
          },
          { label: 'Số người gây bạo lực', value: dash(i.perpetratorCount) },
          { label: 'Lặp lại', value: yesNo(i.repeated) },
          { label: 'Đã từng trình báo', value: yesNo(i.previouslyReported) },
          { label: 'Có trẻ em chứng kiến', value: yesNo(i.childrenPresent) },
          { label: 'Ghi nhận lúc', value: hanoiDateTime(i.createdAt) },
        ],
      },
    ]);
    return { title: 'Vụ việc bạo lực', blocks: blocks.length ? blocks : [NONE] };
  },
};

/** The risk assessments, newest first: level and score (the answers stay on screen). */
export const RISK_SECTION: CaseFileSection = {
  key: 'riskAssessments',
  async build(_m, { file, labels, namesOf }) {
    const names = await namesOf(file.riskAssessments.map((a) => a.assessedBy));
    const rows = file.riskAssessments.map((a) => [
      hanoiDateTime(a.assessedAt),
      labels.risk(a.level),
      String(a.score),
      names.get(a.assessedBy) ?? a.assessedBy,
    ]);
    return {
      title: 'Lịch sử đánh giá nguy cơ',
      blocks: rows.length
        ? [{ kind: 'table', columns: ['Thời điểm', 'Mức độ', 'Điểm', 'Người đánh giá'], rows }]
        : [NONE],
    };
  },
};

/** Every consent, withdrawn ones too (their reason stays on screen). */
export const CONSENTS_SECTION: CaseFileSection = {
  key: 'consents',
  build(_m, { file, labels }) {
    const rows = file.consents.map((c) => [
      labels.of('consent-purposes', c.purpose),
      `${labels.of('consent-givers', c.givenBy)}; ${labels.of('consent-methods', c.method)}`,
      labels.list('shared-fields', c.sharedFields),
      hanoiDate(c.givenAt),
      c.withdrawnAt ? hanoiDate(c.withdrawnAt) : 'Còn hiệu lực',
    ]);
    return Promise.resolve({
      title: 'Sự đồng ý',
      blocks: rows.length
        ? [
            {
              kind: 'table',
              columns: ['Mục đích', 'Người đồng ý; cách thức', 'Thông tin được chia sẻ', 'Ngày', 'Rút lại'],
              rows,
              widths: [3, 3, 3, 2, 2],
            },
          ]
        : [NONE],
    });
  },
};

/** Protection measures (Law 13/2022) with their dates and notes. */
export const MEASURES_SECTION: CaseFileSection = {
  key: 'protectionMeasures',
  build(_m, { file, labels }) {
    const blocks: PdfBlock[] = file.measures.flatMap((pm): PdfBlock[] => [
      {
        kind: 'keyValues',
        items: [
          { label: 'Biện pháp', value: labels.of('protection-measures', pm.type) },
          {
            label: 'Đề nghị / quyết định',
            value: `${day(pm.requestedAt)} / ${day(pm.decidedAt)}${pm.decidedLate ? ' (quá hạn)' : ''}`,
          },
          { label: 'Hiệu lực', value: `${day(pm.startsAt)} – ${day(pm.endsAt)}` },
          ...(pm.note ? [{ label: 'Ghi chú', value: pm.note }] : []),
        ],
      },
    ]);
    return Promise.resolve({ title: 'Biện pháp bảo vệ', blocks: blocks.length ? blocks : [NONE] });
  },
};

/** The notes, in the order the case module lists them. */
export const NOTES_SECTION: CaseFileSection = {
  key: 'notes',
  async build(_m, { file, namesOf }) {
    const names = await namesOf(file.notes.map((n) => n.createdBy));
    const blocks: PdfBlock[] = file.notes.flatMap((n): PdfBlock[] => [
      {
        kind: 'paragraph',
        text: `${hanoiDateTime(n.createdAt)} — ${names.get(n.createdBy) ?? n.createdBy}`,
        bold: true,
        align: 'left',
      },
      { kind: 'paragraph', text: n.text, align: 'left' },
    ]);
    return { title: 'Ghi chú', blocks: blocks.length ? blocks : [NONE] };
  },
};

/** The workflow transitions with their reason codes (the free-text reasons are never read back). */
export const STATUS_SECTION: CaseFileSection = {
  key: 'statusHistory',
  async build(_m, { file, labels, namesOf }) {
    const names = await namesOf(file.transitions.map((t) => t.actorId));
    const rows = file.transitions.map((t) => [
      hanoiDateTime(t.at),
      `${t.from ? labels.state('case', t.from) : '—'} → ${labels.state('case', t.to)}`,
      t.reasonCode ? labels.of('closure-reasons', t.reasonCode) : '—',
      t.actorId ? (names.get(t.actorId) ?? t.actorId) : 'Hệ thống',
    ]);
    return {
      title: 'Lịch sử trạng thái',
      blocks: rows.length
        ? [{ kind: 'table', columns: ['Thời điểm', 'Chuyển trạng thái', 'Lý do', 'Người thực hiện'], rows }]
        : [NONE],
    };
  },
};
