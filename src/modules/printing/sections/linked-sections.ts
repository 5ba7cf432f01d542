import type { FollowUpPrintReads } from '../../followups';
import type { ReferralPrintReads } from '../../referrals';
import { calendarDay, hanoiDate, hanoiDateTime } from '../print-format';
import { CaseFileSection, NONE } from './case-file-section';

/** The case's referrals (read through the referral module), newest first; no free text. */
export const referralsSection = (referrals: ReferralPrintReads): CaseFileSection => ({
  key: 'referrals',
  async build(m, { file, labels }) {
    const rows = (await referrals.listForCase(m, file.id)).map((r) => [
      r.reference,
      r.providerName ?? '—',
      labels.list('services', r.services),
      `${labels.of('referral-urgencies', r.urgency)}${r.emergencyOverride ? ' (khẩn cấp, không chờ đồng ý)' : ''}`,
      hanoiDate(r.sentAt),
      `${labels.state('referral', r.status)}${r.completedOn ? ` (${calendarDay(r.completedOn)})` : ''}`,
    ]);
    return {
      title: 'Chuyển gửi',
      blocks: rows.length
        ? [
            {
              kind: 'table',
              columns: ['Mã', 'Nơi nhận', 'Dịch vụ', 'Mức độ', 'Ngày gửi', 'Trạng thái'],
              rows,
              widths: [3, 3, 3, 2, 2, 2],
            },
          ]
        : [NONE],
    };
  },
});

/** The case's follow-ups (read through the follow-up module): open first; never the note. */
export const followUpsSection = (followUps: FollowUpPrintReads): CaseFileSection => ({
  key: 'followUps',
  async build(m, { file, labels, namesOf }) {
    const lines = await followUps.linesOfCase(m, file.id);
    const names = await namesOf(lines.map((f) => f.assigneeId));
    const rows = lines.map((f) => [
      labels.of('follow-up-kinds', f.kind),
      hanoiDateTime(f.dueAt),
      f.assigneeId ? (names.get(f.assigneeId) ?? f.assigneeId) : '—',
      labels.state('followUp', f.status),
      f.outcome ? labels.of('follow-up-outcomes', f.outcome) : '—',
    ]);
    return {
      title: 'Theo dõi',
      blocks: rows.length
        ? [{ kind: 'table', columns: ['Việc', 'Hạn', 'Người phụ trách', 'Trạng thái', 'Kết quả'], rows }]
        : [NONE],
    };
  },
});
