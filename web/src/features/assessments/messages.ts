import { i18n } from '../../app/i18n';

/** The assessments' screens' own words, added to the catalogue when the case file loads them. */
const vi = {
  file: { assessments: 'Đánh giá' },
  assess: {
    start: 'Bắt đầu đánh giá mới',
    form: 'Mẫu đánh giá',
    startButton: 'Bắt đầu',
    history: 'Các lần đánh giá',
    none: 'Chưa có bản đánh giá nào.',
    draft: 'Bản nháp',
    completed: 'Đã hoàn thành',
    entry: 'Phiên bản {{version}} · bắt đầu {{created}}',
    entryDone: 'Phiên bản {{version}} · hoàn thành {{completed}}',
    open: 'Mở',
    close: 'Đóng bản đánh giá',
    save: 'Lưu nháp',
    complete: 'Hoàn thành',
    saved: 'Đã lưu bản nháp.',
    done: 'Đã hoàn thành bản đánh giá.',
    required: 'Bắt buộc',
    requiredMissing: 'Câu này bắt buộc trước khi hoàn thành.',
    missing: 'Còn {{count}} câu bắt buộc chưa trả lời.',
    yes: 'Có',
    no: 'Không',
    noAnswer: 'Chưa trả lời',
    readOnly: 'Bản đánh giá đã hoàn thành: chỉ xem.',
    formVersion: '{{title}} — phiên bản {{version}}',
    badDate: 'Ngày không hợp lệ (dd/mm/yyyy).',
  },
};

const en: typeof vi = {
  file: { assessments: 'Assessments' },
  assess: {
    start: 'Start a new assessment',
    form: 'Form',
    startButton: 'Start',
    history: 'Assessments so far',
    none: 'No assessment yet.',
    draft: 'Draft',
    completed: 'Completed',
    entry: 'Version {{version}} · started {{created}}',
    entryDone: 'Version {{version}} · completed {{completed}}',
    open: 'Open',
    close: 'Close the assessment',
    save: 'Save draft',
    complete: 'Complete',
    saved: 'Draft saved.',
    done: 'Assessment completed.',
    required: 'Required',
    requiredMissing: 'This question is required before completing.',
    missing: '{{count}} required questions are not answered yet.',
    yes: 'Yes',
    no: 'No',
    noAnswer: 'Not answered',
    readOnly: 'A completed assessment: read only.',
    formVersion: '{{title}} — version {{version}}',
    badDate: 'Not a valid date (dd/mm/yyyy).',
  },
};

let added = false;

export function addAssessmentMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
