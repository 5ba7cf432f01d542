import { i18n } from '../../app/i18n';

/** The words of links and merges (issue 15), added when these screens load; catalogue values come from the API. */
const vi = {
  status: { merged: 'Đã gộp' },
  file: { duplicates: 'Liên kết và gộp' },
  dupes: {
    tab: 'Liên kết và gộp',
    linkThis: 'Liên kết với hồ sơ này',
    linked: 'Đã liên kết',
    candidates: 'Có thể trùng với hồ sơ đã có:',
    links: 'Hồ sơ liên kết',
    noLinks: 'Chưa có hồ sơ nào được liên kết.',
    unlink: 'Bỏ liên kết',
    merges: 'Các lần gộp hồ sơ',
    noMerges: 'Hồ sơ này chưa được gộp với hồ sơ nào.',
    mergedLine: '{{merged}} đã gộp vào {{surviving}}',
    mergedAt: 'Gộp lúc {{at}} · hoàn tác được đến {{deadline}}',
    undone: 'Đã hoàn tác lúc {{at}}',
    undo: 'Hoàn tác',
    moved: 'Đã chuyển: {{counts}}',
    merge: 'Gộp hồ sơ',
    mergeIntro:
      'Gộp một hồ sơ trùng của cùng tổ chức vào hồ sơ này. Hồ sơ này giữ thông tin người bị bạo lực; vụ việc, ghi chú, sự đồng ý, chuyển gửi, theo dõi… của hồ sơ kia được chuyển sang.',
    otherReference: 'Mã hồ sơ cần gộp vào hồ sơ này',
    find: 'Tìm hồ sơ',
    notFound: 'Không tìm thấy hồ sơ này (hoặc bạn không được xem).',
    keeps: 'Giữ lại (hồ sơ này)',
    goes: 'Được gộp vào',
    opened: 'Mở ngày',
    updated: 'Cập nhật',
    status: 'Trạng thái',
    incidents: 'Vụ việc',
    referrals: 'Chuyển gửi',
    followUps: 'Theo dõi',
    confirm: 'Xác nhận gộp',
    cancel: 'Huỷ',
    mergedInto: 'Đã gộp vào {{reference}}',
    mergedTitle: 'Hồ sơ đã được gộp',
    openSuccessor: 'Mở hồ sơ {{reference}}',
    participants: {
      'cases.incidents': 'vụ việc',
      'cases.notes': 'ghi chú',
      'cases.consents': 'sự đồng ý',
      'cases.risk_assessments': 'đánh giá nguy cơ',
      'cases.protection_measures': 'biện pháp bảo vệ',
      referrals: 'chuyển gửi',
      'referrals.stays': 'lưu trú',
      follow_ups: 'theo dõi',
    },
  },
};

const en: typeof vi = {
  status: { merged: 'Merged' },
  file: { duplicates: 'Links and merges' },
  dupes: {
    tab: 'Links and merges',
    linkThis: 'Link to this case',
    linked: 'Linked',
    candidates: 'May duplicate an existing case:',
    links: 'Linked cases',
    noLinks: 'No case is linked yet.',
    unlink: 'Remove link',
    merges: 'Merges',
    noMerges: 'This case has not been merged with another.',
    mergedLine: '{{merged}} merged into {{surviving}}',
    mergedAt: 'Merged at {{at}} · can be undone until {{deadline}}',
    undone: 'Undone at {{at}}',
    undo: 'Undo',
    moved: 'Moved: {{counts}}',
    merge: 'Merge cases',
    mergeIntro:
      "Merge a duplicate case of the same organisation into this one. This case keeps its survivor record; the other case's incidents, notes, consents, referrals, follow-ups… move here.",
    otherReference: 'Reference of the case to merge into this one',
    find: 'Find the case',
    notFound: 'No such case (or you may not see it).',
    keeps: 'Kept (this case)',
    goes: 'Merged into it',
    opened: 'Opened',
    updated: 'Updated',
    status: 'Status',
    incidents: 'Incidents',
    referrals: 'Referrals',
    followUps: 'Follow-ups',
    confirm: 'Confirm the merge',
    cancel: 'Cancel',
    mergedInto: 'Merged into {{reference}}',
    mergedTitle: 'This case was merged',
    openSuccessor: 'Open case {{reference}}',
    participants: {
      'cases.incidents': 'incidents',
      'cases.notes': 'notes',
      'cases.consents': 'consents',
      'cases.risk_assessments': 'risk assessments',
      'cases.protection_measures': 'protection measures',
      referrals: 'referrals',
      'referrals.stays': 'stays',
      follow_ups: 'follow-ups',
    },
  },
};

let added = false;
/** Adds the words once (deep-merged), after i18next is initialised. */
export function addDuplicateMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
