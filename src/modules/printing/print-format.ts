import type { CatalogueService } from '../../platform/catalogues';
import { hanoiWallClock } from '../../platform/time';

const two = (n: number): string => String(n).padStart(2, '0');

/** "dd/MM/yyyy" in Hanoi. */
export function hanoiDate(d: Date): string {
  const h = hanoiWallClock(d);
  return `${two(h.getUTCDate())}/${two(h.getUTCMonth() + 1)}/${h.getUTCFullYear()}`;
}

/** "HH:mm dd/MM/yyyy" in Hanoi. */
export function hanoiDateTime(d: Date): string {
  const h = hanoiWallClock(d);
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

/** Workflow states and code constants of the printed records (not catalogues; the screens' words). */
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
  assessment: { draft: 'Bản nháp', completed: 'Đã hoàn thành' },
  plan: {
    draft: 'Bản nháp',
    submitted: 'Chờ duyệt',
    approved: 'Đã duyệt',
    returned: 'Bị trả lại',
    superseded: 'Đã thay thế',
  },
  planAction: { planned: 'Dự kiến', in_progress: 'Đang thực hiện', done: 'Đã xong', dropped: 'Đã bỏ' },
  performer: {
    counsellor: 'Tư vấn viên',
    provider: 'Cơ sở cung cấp dịch vụ',
    survivor: 'Người bị bạo lực tự thực hiện',
  },
  safetyPlan: {
    needed: 'Cần lập kế hoạch: nguy cơ cao và chưa có kế hoạch',
    review_due: 'Cần rà soát: có đánh giá nguy cơ mới sau lần rà soát gần nhất',
    current: 'Đang có hiệu lực (đã rà soát sau lần đánh giá nguy cơ gần nhất)',
    not_needed: 'Chưa có kế hoạch; nguy cơ hiện không ở mức cao',
  },
  transfer: { requested: 'Chờ quyết định', accepted: 'Đã nhận', declined: 'Bị từ chối', cancelled: 'Đã hủy' },
  documentDestroyed: { removed: 'Đã gỡ (tải lên nhầm)', retention: 'Đã hủy theo thời hạn lưu trữ' },
};

export type StateKind =
  | 'case'
  | 'referral'
  | 'followUp'
  | 'assessment'
  | 'plan'
  | 'planAction'
  | 'performer'
  | 'safetyPlan'
  | 'transfer'
  | 'documentDestroyed';

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

  state(kind: StateKind, key: string | null | undefined): string {
    if (!key) return '—';
    return STATES[kind]?.[key] ?? key;
  }

  risk(level: string | null | undefined): string {
    if (!level) return 'Chưa đánh giá';
    return this.catalogues.riskQuestionnaire().levels.find((l) => l.level === level)?.vi ?? level;
  }
}
