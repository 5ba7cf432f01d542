import type { CatalogueService } from '../../platform/catalogues';

/** Hanoi keeps UTC+7 all year (no daylight saving). */
const HANOI_OFFSET_MS = 7 * 3600 * 1000;
const two = (n: number): string => String(n).padStart(2, '0');

/** "dd/MM/yyyy" in Hanoi. */
export function hanoiDate(d: Date): string {
  const h = new Date(d.getTime() + HANOI_OFFSET_MS);
  return `${two(h.getUTCDate())}/${two(h.getUTCMonth() + 1)}/${h.getUTCFullYear()}`;
}

/** "HH:mm dd/MM/yyyy" in Hanoi. */
export function hanoiDateTime(d: Date): string {
  const h = new Date(d.getTime() + HANOI_OFFSET_MS);
  return `${two(h.getUTCHours())}:${two(h.getUTCMinutes())} ${hanoiDate(d)}`;
}

/** A calendar day "YYYY-MM-DD" as "dd/MM/yyyy". */
export function calendarDay(day: string | null | undefined): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-');
  return y && m && d ? `${d}/${m}/${y}` : day;
}

export const dash = (v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? '—' : String(v);

export const yesNo = (v: boolean | null | undefined): string =>
  v === null || v === undefined ? 'Không rõ' : v ? 'Có' : 'Không';

/** Workflow states of a case, referral and follow-up (code constants, not catalogues). */
const STATES: Record<string, Record<string, string>> = {
  case: {
    intake: 'Tiếp nhận',
    assessment: 'Đánh giá',
    case_plan: 'Kế hoạch hỗ trợ',
    in_progress: 'Đang hỗ trợ',
    closed: 'Đã đóng',
    reopened: 'Mở lại',
  },
  referral: {
    sent: 'Đã gửi',
    accepted: 'Đã nhận',
    declined: 'Từ chối',
    cancelled: 'Đã hủy',
    in_service: 'Đang thực hiện',
    completed: 'Hoàn thành',
    not_completed: 'Không hoàn thành',
  },
  followUp: { open: 'Đang chờ', done: 'Đã làm', cancelled: 'Đã hủy' },
};

/** Vietnamese labels of catalogue keys and states, the key itself when unknown (never a blank). */
export class PrintLabels {
  constructor(private readonly catalogues: CatalogueService) {}

  of(catalogue: string, key: string | null | undefined): string {
    if (key === null || key === undefined || key === '') return '—';
    return this.catalogues.item(catalogue, key)?.vi ?? key;
  }

  list(catalogue: string, keys: readonly string[]): string {
    return keys.length === 0 ? '—' : keys.map((k) => this.of(catalogue, k)).join('; ');
  }

  state(kind: 'case' | 'referral' | 'followUp', key: string | null | undefined): string {
    if (!key) return '—';
    return STATES[kind]?.[key] ?? key;
  }

  risk(level: string | null | undefined): string {
    if (!level) return 'Chưa đánh giá';
    return this.catalogues.riskQuestionnaire().levels.find((l) => l.level === level)?.vi ?? level;
  }
}
