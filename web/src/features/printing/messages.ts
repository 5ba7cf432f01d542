import { i18n } from '../../app/i18n';

/** The words of the printing screens (issue 15), Vietnamese first. */
const vi = {
  print: {
    caseFile: 'In hồ sơ',
    title: 'In hồ sơ vụ việc',
    purpose: 'Mục đích in',
    reason: 'Lý do in',
    reasonHint: 'Bắt buộc, tối đa 500 ký tự. Lý do được lưu mã hóa trong nhật ký truy cập, không in ra giấy.',
    watermark:
      'Mỗi trang của bản in có dòng “BẢO MẬT”, tên người in, cơ quan và thời điểm in. Việc in được ghi vào nhật ký truy cập.',
    contents:
      'Bản in gồm cả các bản đánh giá đã hoàn thành (kể cả câu trả lời tự do), kế hoạch hỗ trợ, kế hoạch an toàn với cách liên lạc của người tin cậy, dịch vụ đã cung cấp và danh sách tài liệu. Không in mật khẩu liên lạc, giờ an toàn, tên và nội dung tài liệu.',
    download: 'Tải bản in (PDF)',
    cancel: 'Hủy',
    close: 'Đóng',
    done: 'Đã tải bản in. Giữ bản in ở nơi an toàn, hủy khi không còn dùng.',
    referralForm: 'In phiếu chuyển gửi',
    referralHint: 'Phiếu chỉ gồm thông tin người được chuyển gửi đã đồng ý chia sẻ.',
  },
};

const en = {
  print: {
    caseFile: 'Print the file',
    title: 'Print the case file',
    purpose: 'Purpose',
    reason: 'Reason',
    reasonHint: 'Required, at most 500 characters. Kept encrypted in the access log, never printed.',
    watermark:
      'Every page carries “CONFIDENTIAL”, who printed it, their organisation and when. The print is recorded in the access log.',
    contents:
      "The print includes the completed assessments (free-text answers too), the case plan, the safety plan with how to reach the trusted people, the services given and the list of documents. It never holds the code word, the safe times, or the documents' names and contents.",
    download: 'Download the print (PDF)',
    cancel: 'Cancel',
    close: 'Close',
    done: 'The print is downloaded. Keep it somewhere safe and destroy it when no longer needed.',
    referralForm: 'Print the referral form',
    referralHint: 'The form holds only what the survivor consented to share.',
  },
};

let added = false;
/** Adds the words once (deep-merged), after i18next is initialised. */
export function addPrintingMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
