import type { PdfBlock } from '../../../platform/pdf';
import type { AnswerValue, AssessmentPrintReads, FormQuestion, PrintedAssessment } from '../../assessments';
import type { CasePlanDto, PlanPrintReads } from '../../plans';
import { calendarDay, hanoiDate, hanoiDateTime, PrintLabels } from '../print-format';
import { CaseFilePrint, CaseFileSection, NONE, subheading } from './case-file-section';

const at = (iso: string | null): string => (iso ? hanoiDateTime(new Date(iso)) : '—');

/** One answer as the form's version words it: option labels, Có/Không, days as dd/MM/yyyy. */
export function answerText(q: FormQuestion, v: AnswerValue): string {
  const option = (key: string): string => q.options?.find((o) => o.key === key)?.label.vi ?? key;
  switch (q.kind) {
    case 'choice':
      return typeof v === 'string' ? option(v) : String(v);
    case 'choices':
      return Array.isArray(v) ? v.map(option).join('; ') || '—' : String(v);
    case 'yes_no':
      return v === true ? 'Có' : v === false ? 'Không' : String(v);
    case 'date':
      return typeof v === 'string' ? calendarDay(v) : String(v);
    case 'scale': {
      const ends = q.labels
        ? ` (${q.min ?? ''}: ${q.labels.min.vi}; ${q.max ?? ''}: ${q.labels.max.vi})`
        : '';
      return q.min !== undefined && q.max !== undefined
        ? `${String(v)} trên thang ${q.min}–${q.max}${ends}`
        : String(v);
    }
    case 'number':
    case 'text':
      return Array.isArray(v) ? v.join('; ') : String(v);
  }
}

async function assessmentBlocks(a: PrintedAssessment, print: CaseFilePrint): Promise<PdfBlock[]> {
  const names = await print.namesOf([a.createdBy, a.completedBy]);
  const who = (id: string | null): string => (id ? (names.get(id) ?? id) : '—');
  const blocks: PdfBlock[] = [
    { kind: 'spacer', lines: 0.3 },
    subheading(`${a.form.title.vi} — phiên bản ${a.form.version}`),
    {
      kind: 'keyValues',
      items: [
        { label: 'Trạng thái', value: print.labels.state('assessment', a.status) },
        { label: 'Bắt đầu', value: `${hanoiDateTime(a.createdAt)} — ${who(a.createdBy)}` },
        a.completedAt
          ? { label: 'Hoàn thành', value: `${hanoiDateTime(a.completedAt)} — ${who(a.completedBy)}` }
          : { label: 'Cập nhật lần cuối', value: hanoiDateTime(a.updatedAt) },
      ],
    },
  ];
  if (!a.answers) {
    blocks.push({ kind: 'paragraph', text: 'Bản nháp: câu trả lời chưa được in.', italic: true });
    return blocks;
  }
  const answers = a.answers;
  for (const section of a.form.sections) {
    const rows = section.questions.flatMap((q) => {
      const v = answers[q.key];
      return v === undefined ? [] : [[q.label.vi, answerText(q, v)]];
    });
    if (rows.length === 0) continue;
    blocks.push(subheading(section.title.vi));
    blocks.push({ kind: 'table', columns: ['Câu hỏi', 'Trả lời'], rows, widths: [3, 2] });
  }
  return blocks;
}

/**
 * The case's assessments (read through the assessments module), newest first: form, version, status,
 * dates and who; a completed one's answers worded by its own version's definition (free text included);
 * a draft's answers are not printed.
 */
export const assessmentsSection = (assessments: AssessmentPrintReads): CaseFileSection => ({
  key: 'assessments',
  async build(m, print) {
    const list = await assessments.ofCase(m, print.file.id);
    const blocks: PdfBlock[] = [];
    for (const a of list) blocks.push(...(await assessmentBlocks(a, print)));
    return { title: 'Đánh giá', blocks: blocks.length ? blocks : [NONE] };
  },
});

function actionStatus(a: CasePlanDto['goals'][number]['actions'][number], labels: PrintLabels): string {
  const status = labels.state('planAction', a.status);
  const referral = a.referralStatus
    ? ` (theo chuyển gửi: ${labels.state('referral', a.referralStatus)})`
    : '';
  const why = a.status === 'dropped' && a.dropReason ? ` — lý do: ${a.dropReason}` : '';
  return `${status}${referral}${why}`;
}

async function planBlocks(p: CasePlanDto, heading: string, print: CaseFilePrint): Promise<PdfBlock[]> {
  const { labels } = print;
  const names = await print.namesOf([p.createdBy, p.submittedBy, p.decidedBy]);
  const who = (id: string | null): string => (id ? (names.get(id) ?? id) : '—');
  const blocks: PdfBlock[] = [
    { kind: 'spacer', lines: 0.3 },
    subheading(`${heading} — phiên bản ${p.versionNo}`),
    {
      kind: 'keyValues',
      items: [
        { label: 'Trạng thái', value: labels.state('plan', p.status) },
        { label: 'Lập', value: `${at(p.createdAt)} — ${who(p.createdBy)}` },
        ...(p.submittedAt
          ? [{ label: 'Gửi duyệt', value: `${at(p.submittedAt)} — ${who(p.submittedBy)}` }]
          : []),
        ...(p.status === 'approved' && p.decidedAt
          ? [{ label: 'Phê duyệt', value: `${at(p.decidedAt)} — ${who(p.decidedBy)}` }]
          : []),
        ...(p.reviewEveryDays ? [{ label: 'Rà soát', value: `${p.reviewEveryDays} ngày một lần` }] : []),
        { label: 'Tiến độ', value: `${p.progress.done}/${p.progress.total} hoạt động đã xong` },
      ],
    },
  ];
  p.goals.forEach((g, i) => {
    const area = labels.of('needs-areas', g.needsArea);
    blocks.push(subheading(`Mục tiêu ${i + 1} — ${area}${g.text ? `: ${g.text}` : ''}`));
    const rows = g.actions.map((a) => [
      labels.of('services', a.service),
      a.performer === 'provider' && a.providerName
        ? `${labels.state('performer', a.performer)}: ${a.providerName}`
        : labels.state('performer', a.performer),
      calendarDay(a.dueOn),
      actionStatus(a, labels),
    ]);
    blocks.push(
      rows.length
        ? {
            kind: 'table',
            columns: ['Dịch vụ', 'Người thực hiện', 'Hạn', 'Trạng thái'],
            rows,
            widths: [3, 3, 2, 3],
          }
        : NONE,
    );
  });
  return blocks;
}

/**
 * The case plan (read through the plans module): the approved version with its goals by needs area and
 * actions (service, performer, due date, status — a referral-linked action takes its referral's — and
 * progress), the version being written or decided noted as such, and every version by number and dates.
 */
export const casePlanSection = (plans: PlanPrintReads): CaseFileSection => ({
  key: 'casePlan',
  async build(m, print) {
    const { approved, pending, versions } = await plans.ofCase(m, print.file.id);
    const blocks: PdfBlock[] = [];
    if (approved) blocks.push(...(await planBlocks(approved, 'Kế hoạch đang áp dụng', print)));
    if (pending) {
      const heading = `Kế hoạch chưa được duyệt (${print.labels.state('plan', pending.status).toLowerCase()})`;
      blocks.push(...(await planBlocks(pending, heading, print)));
    }
    const rows = versions.map((v) => [
      String(v.versionNo),
      print.labels.state('plan', v.status),
      hanoiDate(v.createdAt),
      v.submittedAt ? hanoiDate(v.submittedAt) : '—',
      v.decidedAt ? hanoiDate(v.decidedAt) : '—',
      v.supersededAt ? hanoiDate(v.supersededAt) : '—',
    ]);
    if (rows.length) {
      blocks.push(subheading('Các phiên bản'));
      blocks.push({
        kind: 'table',
        columns: ['Phiên bản', 'Trạng thái', 'Lập', 'Gửi duyệt', 'Quyết định', 'Thay thế'],
        rows,
      });
    }
    return { title: 'Kế hoạch hỗ trợ', blocks: blocks.length ? blocks : [NONE] };
  },
});
