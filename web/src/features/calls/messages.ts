import { i18n } from '../../app/i18n';

/** The call panel's words (the operator's intake screen) and the case file's calls tab, added when either loads. */
const vi = {
  file: { calls: 'Cuộc gọi' },
  calls: {
    title: 'Cuộc gọi',
    inProgress: 'Đang trong cuộc gọi',
    idle: 'Chưa có cuộc gọi',
    start: 'Bắt đầu cuộc gọi (Alt+9)',
    timer: 'Thời lượng cuộc gọi',
    category: 'Loại cuộc gọi (phím 1–6)',
    outcome: 'Kết quả (phím 1–5)',
    hint: 'Kết thúc cuộc gọi bằng hai phím: loại rồi kết quả, lưu ngay. Enter: lưu · Esc: chọn lại · Alt+9: về khung cuộc gọi.',
    linked: 'Gắn với vụ việc vừa lưu',
    needsCase: 'Kết quả này cần một vụ việc: hãy lưu phiếu tiếp nhận trước, hoặc chọn kết quả khác.',
    save: 'Lưu cuộc gọi',
    saved: 'Đã lưu cuộc gọi: {{category}} · {{outcome}} · {{duration}}.',
    today: 'Cuộc gọi hôm nay của tôi',
    todayEmpty: 'Chưa có cuộc gọi nào hôm nay.',
    withCase: 'có vụ việc',
    caseList: 'Các cuộc gọi của hồ sơ',
    caseNone: 'Chưa có cuộc gọi nào gắn với hồ sơ này.',
    caseMore: 'Chỉ hiện {{count}} cuộc gọi gần nhất.',
    by: 'Người nhận: {{who}}',
  },
};

const en: typeof vi = {
  file: { calls: 'Calls' },
  calls: {
    title: 'Call',
    inProgress: 'Call in progress',
    idle: 'No call in progress',
    start: 'Start a call (Alt+9)',
    timer: 'Call duration',
    category: 'Call category (keys 1–6)',
    outcome: 'Outcome (keys 1–5)',
    hint: 'End the call with two keys: category then outcome, saved at once. Enter: save · Esc: choose again · Alt+9: back to the call panel.',
    linked: 'Linked to the case just saved',
    needsCase: 'This outcome needs a case: save the intake first, or choose another outcome.',
    save: 'Save the call',
    saved: 'Call saved: {{category}} · {{outcome}} · {{duration}}.',
    today: 'My calls today',
    todayEmpty: 'No call yet today.',
    withCase: 'with a case',
    caseList: 'Calls of this case',
    caseNone: 'No call is linked to this case yet.',
    caseMore: 'Only the {{count}} latest calls are shown.',
    by: 'Taken by: {{who}}',
  },
};

let added = false;
/** Adds the words once (deep-merged), after i18next is initialised. */
export function addCallMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
