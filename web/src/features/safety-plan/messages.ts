import { i18n } from '../../app/i18n';

/**
 * The words of the safety plan, the services given and the incident's correction (issue 15), added to
 * the catalogue when the case file loads (kept apart from shared/messages.ts: eight branches add tabs).
 */
const vi = {
  file: { safetyPlan: 'Kế hoạch an toàn', services: 'Dịch vụ đã cung cấp' },
  sp: {
    status: {
      needed: 'CẦN LẬP KẾ HOẠCH AN TOÀN: nguy cơ cao và chưa có kế hoạch.',
      review_due: 'CẦN RÀ SOÁT KẾ HOẠCH: đã có đánh giá nguy cơ mới sau lần rà soát gần nhất.',
      current: 'Kế hoạch đang có hiệu lực (đã rà soát sau lần đánh giá nguy cơ gần nhất).',
      not_needed: 'Chưa có kế hoạch; nguy cơ hiện không ở mức cao.',
    },
    assessed: 'Đánh giá nguy cơ gần nhất: {{level}} lúc {{at}}',
    reviewed: 'Rà soát gần nhất: {{at}} — {{by}}',
    safeContact: 'Liên lạc an toàn (ghi ở thông tin người bị hại)',
    codeWord: 'Mật khẩu liên lạc',
    safeTimes: 'Giờ an toàn',
    noCodeWord: 'Chưa có mật khẩu liên lạc.',
    warningSigns: 'Dấu hiệu nguy hiểm',
    safePlaces: 'Nơi an toàn có thể đến',
    trustedPeople: 'Người tin cậy',
    name: 'Họ tên',
    relationship: 'Quan hệ',
    howToReach: 'Cách liên lạc',
    addPerson: 'Thêm người tin cậy',
    remove: 'Bỏ',
    leaving: 'Đồ cần mang theo khi rời đi',
    leavingOther: 'Đồ khác cần mang',
    numbers: 'Số điện thoại khẩn cấp',
    label: 'Tên',
    number: 'Số',
    addNumber: 'Thêm số',
    steps: 'Các bước đã thống nhất',
    save: 'Lưu kế hoạch',
    saved: 'Đã lưu phiên bản {{version}}.',
    review: 'Đã rà soát, không thay đổi',
    reviewedNow: 'Đã ghi nhận lần rà soát.',
    history: 'Lịch sử kế hoạch',
    version: 'Phiên bản {{version}} — lưu bởi {{by}}',
    reviewEntry: 'Rà soát phiên bản {{version}} — {{by}}',
    viaFollowUp: ' (khi hoàn thành việc theo dõi)',
    conflict: 'Kế hoạch vừa được người khác thay đổi: đã tải lại bản mới nhất, hãy kiểm tra rồi lưu lại.',
  },
  svc: {
    add: 'Ghi nhận dịch vụ đã cung cấp',
    service: 'Dịch vụ',
    givenOn: 'Ngày cung cấp (dd/MM/yyyy)',
    givenBy: 'Người cung cấp',
    note: 'Ghi chú',
    record: 'Ghi nhận',
    badDate: 'Ngày không hợp lệ (dd/MM/yyyy).',
    remove: 'Gỡ (ghi nhầm)',
    confirmRemove: 'Xác nhận gỡ khỏi hồ sơ',
    removed: 'Đã gỡ',
    none: 'Chưa ghi nhận dịch vụ nào.',
  },
  inc: {
    edit: 'Sửa',
    title: 'Sửa thông tin sự việc',
    occurredOn: 'Thời điểm xảy ra (yyyy, yyyy-MM hoặc yyyy-MM-dd)',
    types: 'Hình thức bạo lực',
    place: 'Nơi xảy ra',
    save: 'Lưu thay đổi',
    cancel: 'Hủy',
  },
};

const en: typeof vi = {
  file: { safetyPlan: 'Safety plan', services: 'Services given' },
  sp: {
    status: {
      needed: 'SAFETY PLAN NEEDED: the risk is high and there is no plan.',
      review_due: 'PLAN DUE FOR REVIEW: the risk was assessed again since the last review.',
      current: 'The plan is current (reviewed since the latest risk assessment).',
      not_needed: 'No plan yet; the risk is not high.',
    },
    assessed: 'Latest risk assessment: {{level}} at {{at}}',
    reviewed: 'Last review: {{at}} — {{by}}',
    safeContact: "Safe contact (recorded on the survivor's details)",
    codeWord: 'Code word',
    safeTimes: 'Safe times',
    noCodeWord: 'No code word recorded.',
    warningSigns: 'Warning signs',
    safePlaces: 'Safe places to go',
    trustedPeople: 'Trusted people',
    name: 'Name',
    relationship: 'Relationship',
    howToReach: 'How to reach them',
    addPerson: 'Add a trusted person',
    remove: 'Remove',
    leaving: 'What to take when leaving',
    leavingOther: 'Anything else to take',
    numbers: 'Emergency numbers',
    label: 'Name',
    number: 'Number',
    addNumber: 'Add a number',
    steps: 'Steps agreed',
    save: 'Save the plan',
    saved: 'Version {{version}} saved.',
    review: 'Reviewed, no change',
    reviewedNow: 'The review is recorded.',
    history: "The plan's history",
    version: 'Version {{version}} — saved by {{by}}',
    reviewEntry: 'Review of version {{version}} — {{by}}',
    viaFollowUp: ' (on completing a follow-up)',
    conflict: 'Someone else just changed the plan: the latest version is loaded; check it and save again.',
  },
  svc: {
    add: 'Record a service given',
    service: 'Service',
    givenOn: 'Day given (dd/MM/yyyy)',
    givenBy: 'Given by',
    note: 'Note',
    record: 'Record',
    badDate: 'Not a valid day (dd/MM/yyyy).',
    remove: 'Remove (recorded by mistake)',
    confirmRemove: 'Confirm: remove from the file',
    removed: 'Removed',
    none: 'No service recorded yet.',
  },
  inc: {
    edit: 'Edit',
    title: 'Correct the incident',
    occurredOn: 'When it happened (yyyy, yyyy-MM or yyyy-MM-dd)',
    types: 'Forms of violence',
    place: 'Place',
    save: 'Save the changes',
    cancel: 'Cancel',
  },
};

let added = false;

export function addCaseWorkMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
