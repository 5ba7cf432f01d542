import { i18n } from '../../app/i18n';

/** The documents tab's words (Vietnamese first), added once to the application's catalogue. */
const vi = {
  file: { documents: 'Tài liệu' },
  documents: {
    title: 'Tài liệu của hồ sơ',
    none: 'Chưa có tài liệu nào.',
    kind: 'Loại tài liệu',
    name: 'Tên tệp',
    size: 'Dung lượng',
    added: 'Người thêm, lúc',
    file: 'Tệp (PDF, JPG hoặc PNG, tối đa 10 MB)',
    clearFile: 'Bỏ tệp đã chọn',
    upload: 'Tải lên',
    uploading: 'Đang tải lên… {{percent}}%',
    uploaded: 'Đã tải lên tài liệu.',
    download: 'Tải về',
    remove: 'Hủy tài liệu',
    confirmRemove: 'Hủy tài liệu tải lên nhầm? Nội dung và tên tệp sẽ bị xóa vĩnh viễn.',
    destroyed: 'Đã hủy',
    tooBig: 'Tệp quá lớn: tối đa 10 MB. Hãy chụp lại với độ phân giải thấp hơn hoặc chia nhỏ tệp.',
    wrongType: 'Chỉ nhận tệp PDF, JPG hoặc PNG. Nội dung tệp này không phải một trong các loại đó.',
    pickFile: 'Hãy chọn một tệp.',
    pickKind: 'Hãy chọn loại tài liệu.',
    failed: 'Không tải lên được. Vui lòng thử lại.',
    unknownUser: 'Không rõ',
  },
};

const en: typeof vi = {
  file: { documents: 'Documents' },
  documents: {
    title: "The file's documents",
    none: 'No documents yet.',
    kind: 'Document kind',
    name: 'File name',
    size: 'Size',
    added: 'Added by, at',
    file: 'File (PDF, JPG or PNG, at most 10 MB)',
    clearFile: 'Remove the chosen file',
    upload: 'Upload',
    uploading: 'Uploading… {{percent}}%',
    uploaded: 'The document was uploaded.',
    download: 'Download',
    remove: 'Destroy document',
    confirmRemove: 'Destroy a mistaken upload? Its content and file name are erased for good.',
    destroyed: 'Destroyed',
    tooBig: 'The file is too large: at most 10 MB. Scan it at a lower resolution or split it.',
    wrongType: 'Only PDF, JPG or PNG files are accepted. This file’s content is none of them.',
    pickFile: 'Choose a file.',
    pickKind: 'Choose the document kind.',
    failed: 'The upload failed. Please try again.',
    unknownUser: 'Unknown',
  },
};

let added = false;
export function addDocumentsMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
