import type { Language } from '../../app/i18n/language';

/**
 * The access log's action codes (the audit trail's `action`, e.g. `case.read`) in words: a counsellor or
 * supervisor reads "Xem hồ sơ", not a code. An action without a label here (a new one) shows its subject
 * in words and the code beside it, so nothing is hidden.
 */
const ACTIONS: Record<string, readonly [vi: string, en: string]> = {
  'case.created': ['Tạo hồ sơ', 'Opened the case'],
  'case.read': ['Xem hồ sơ', 'Read the file'],
  'case.updated': ['Sửa hồ sơ', 'Edited the file'],
  'case.assigned': ['Phân công', 'Assigned'],
  'case.reassigned': ['Phân công lại', 'Reassigned'],
  'case.unassigned': ['Bỏ phân công', 'Unassigned'],
  'case.transitioned': ['Chuyển trạng thái', 'Changed the status'],
  'case.closure_requested': ['Đề nghị đóng hồ sơ', 'Asked to close'],
  'case.closure_approved': ['Duyệt đóng hồ sơ', 'Approved the closure'],
  'case.closure_rejected': ['Từ chối đóng hồ sơ', 'Refused the closure'],
  'case.restricted': ['Hạn chế truy cập', 'Restricted access'],
  'case.unrestricted': ['Bỏ hạn chế truy cập', 'Lifted the restriction'],
  'case.note_added': ['Thêm ghi chú', 'Added a note'],
  'case.notes_read': ['Xem ghi chú', 'Read the notes'],
  'case.incident_added': ['Thêm vụ việc', 'Added an incident'],
  'case.incidents_read': ['Xem vụ việc', 'Read the incidents'],
  'case.risk_assessed': ['Đánh giá nguy cơ', 'Assessed the risk'],
  'case.risk_assessments_read': ['Xem lịch sử đánh giá nguy cơ', 'Read the risk history'],
  'case.consent_given': ['Ghi nhận đồng ý', 'Recorded a consent'],
  'case.consent_withdrawn': ['Rút lại đồng ý', 'Withdrew a consent'],
  'case.consents_read': ['Xem các đồng ý', 'Read the consents'],
  'case.protection_measure_recorded': ['Ghi nhận biện pháp bảo vệ', 'Recorded a protection measure'],
  'case.protection_measures_read': ['Xem biện pháp bảo vệ', 'Read the protection measures'],
  'case.referrals_read': ['Xem chuyển gửi', 'Read the referrals'],
  'case.follow_ups_read': ['Xem theo dõi', 'Read the follow-ups'],
  'case.status_history_read': ['Xem lịch sử trạng thái', 'Read the status history'],
  'case.access_log_read': ['Xem nhật ký truy cập', 'Read the access log'],
  'case.exported': ['Xuất dữ liệu', 'Exported'],
  'case.anonymised': ['Ẩn danh hoá', 'Anonymised'],
  'case.high_risk': ['Cảnh báo nguy cơ cao', 'High-risk alert'],
  'case.duplicate_check': ['Kiểm tra trùng', 'Checked for duplicates'],
  'case.duplicate_lookup': ['Tra cứu trùng', 'Looked up duplicates'],
  'access.break_glass_granted': ['Truy cập khẩn cấp', 'Emergency access'],
  'access.break_glass_revoked': ['Thu hồi truy cập khẩn cấp', 'Emergency access revoked'],
  'access.denied': ['Bị từ chối truy cập', 'Access refused'],
  'referral.sent': ['Gửi chuyển gửi', 'Sent a referral'],
  'referral.read': ['Xem chuyển gửi', 'Read a referral'],
  'referral.read_shared': ['Nơi nhận xem thông tin được chia sẻ', 'Provider read the shared fields'],
  'referral.status_changed': ['Chuyển gửi đổi trạng thái', 'Referral status changed'],
  'referral.emergency_override': ['Chuyển gửi khẩn cấp', 'Emergency referral'],
  'follow_up.created': ['Tạo lịch theo dõi', 'Planned a follow-up'],
  'follow_up.read': ['Xem theo dõi', 'Read a follow-up'],
  'follow_up.worklist_read': ['Xem danh sách việc cần làm', 'Read the worklist'],
  'follow_up.completed': ['Hoàn thành theo dõi', 'Completed a follow-up'],
  'follow_up.rescheduled': ['Dời lịch theo dõi', 'Rescheduled a follow-up'],
  'follow_up.cancelled': ['Huỷ theo dõi', 'Cancelled a follow-up'],
  'stay.admitted': ['Tiếp nhận vào nhà tạm lánh', 'Admitted to a safe house'],
  'stay.discharged': ['Rời nhà tạm lánh', 'Left the safe house'],
};

/** The subject of an action without its own label (the part before the dot). */
const SUBJECTS: Record<string, readonly [vi: string, en: string]> = {
  case: ['Hồ sơ', 'Case'],
  access: ['Truy cập', 'Access'],
  referral: ['Chuyển gửi', 'Referral'],
  follow_up: ['Theo dõi', 'Follow-up'],
  stay: ['Tạm lánh', 'Stay'],
  document: ['Tài liệu', 'Document'],
  assessment: ['Đánh giá', 'Assessment'],
  plan: ['Kế hoạch', 'Case plan'],
  call: ['Cuộc gọi', 'Call'],
  transfer: ['Chuyển hồ sơ', 'Transfer'],
};

/** The action in the reader's language; `code` is set when the words do not say it all. */
export function auditActionLabel(action: string, lng: Language): { text: string; code?: string } {
  const i = lng === 'en' ? 1 : 0;
  const known = ACTIONS[action];
  if (known) return { text: known[i] };
  const subject = SUBJECTS[action.split('.')[0] ?? ''];
  return { text: subject ? subject[i] : action, code: subject ? action : undefined };
}
