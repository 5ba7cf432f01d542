import { i18n } from '../../app/i18n';

/** The transfers' own words (case file tab, supervisor's decisions page, navigation entry). */
const vi = {
  file: { transfer: 'Chuyển hồ sơ' },
  cnav: { transfers: 'Yêu cầu chuyển hồ sơ' },
  transfers: {
    title: 'Yêu cầu chuyển hồ sơ',
    incoming: 'Đề nghị đến',
    outgoing: 'Đề nghị đã gửi',
    empty: 'Không có đề nghị nào.',
    reference: 'Mã hồ sơ',
    from: 'Từ',
    to: 'Đến',
    requestedAt: 'Đề nghị lúc',
    decidedAt: 'Quyết định lúc',
    risk: 'Mức độ nguy cơ',
    accept: 'Nhận hồ sơ',
    decline: 'Từ chối',
    cancel: 'Hủy đề nghị',
    assignee: 'Giao cho tư vấn viên (không bắt buộc)',
    assigneeLater: 'Để giám sát viên phân công sau',
    declineReason: 'Lý do từ chối',
    confirmDecline: 'Xác nhận từ chối',
    open: 'Mở hồ sơ',
    statusFilter: 'Trạng thái',
    allStatuses: 'Tất cả',
    status: {
      requested: 'Chờ quyết định',
      accepted: 'Đã nhận',
      declined: 'Bị từ chối',
      cancelled: 'Đã hủy',
    },
    beforeAccept:
      'Trước khi nhận, bạn chỉ thấy mã hồ sơ, tổ chức gửi, ngày và mức độ nguy cơ. Sau khi nhận, hồ sơ thuộc tổ chức của bạn.',
    senderKeeps:
      'Sau khi chuyển, tổ chức của bạn chỉ giữ mã hồ sơ và việc đã chuyển, không còn xem được hồ sơ.',
    // The case file's tab
    ask: 'Đề nghị chuyển hồ sơ sang tổ chức khác',
    destination: 'Tổ chức nhận',
    consent: 'Sự đồng ý chuyển hồ sơ',
    consentOption: 'Đồng ý ngày {{at}}',
    noConsent:
      'Chưa có sự đồng ý với mục đích «Chuyển hồ sơ». Hãy ghi nhận sự đồng ý của người bị bạo lực ở thẻ «Đồng ý» trước.',
    note: 'Ghi chú cho tổ chức nhận (không bắt buộc)',
    send: 'Gửi đề nghị chuyển',
    pending: 'Đang chờ {{org}} quyết định (gửi lúc {{at}}).',
    history: 'Các lần chuyển hồ sơ',
    onlySupervisor: 'Chỉ giám sát viên của tổ chức đang quản lý ca mới đề nghị chuyển hồ sơ.',
    closed: 'Không thể chuyển hồ sơ đã đóng.',
    noteLabel: 'Ghi chú',
    reasonLabel: 'Lý do từ chối',
  },
};

const en: typeof vi = {
  file: { transfer: 'Transfer' },
  cnav: { transfers: 'Transfer requests' },
  transfers: {
    title: 'Transfer requests',
    incoming: 'Incoming',
    outgoing: 'Sent',
    empty: 'No transfer.',
    reference: 'Reference',
    from: 'From',
    to: 'To',
    requestedAt: 'Requested',
    decidedAt: 'Decided',
    risk: 'Risk level',
    accept: 'Accept the case',
    decline: 'Decline',
    cancel: 'Cancel the request',
    assignee: 'Assign to a counsellor (optional)',
    assigneeLater: 'A supervisor assigns it later',
    declineReason: 'Reason for declining',
    confirmDecline: 'Confirm the decline',
    open: 'Open the case',
    statusFilter: 'Status',
    allStatuses: 'All',
    status: {
      requested: 'Waiting for a decision',
      accepted: 'Accepted',
      declined: 'Declined',
      cancelled: 'Cancelled',
    },
    beforeAccept:
      'Before accepting you see only the reference, the sending organisation, dates and the risk level. Once accepted, the case is your organisation’s.',
    senderKeeps:
      'Once transferred, your organisation keeps only the reference and the fact of the transfer, not the file.',
    ask: 'Ask another organisation to take the case',
    destination: 'Receiving organisation',
    consent: 'Consent to the transfer',
    consentOption: 'Consent of {{at}}',
    noConsent:
      'No consent for the purpose “Transfer” yet. Record the survivor’s consent in the “Consents” tab first.',
    note: 'Note for the receiving organisation (optional)',
    send: 'Send the transfer request',
    pending: 'Waiting for {{org}} to decide (sent {{at}}).',
    history: 'Transfers of this case',
    onlySupervisor: 'Only a supervisor of the organisation holding the case asks for a transfer.',
    closed: 'A closed case cannot be transferred.',
    noteLabel: 'Note',
    reasonLabel: 'Reason for declining',
  },
};

let added = false;
/** Adds the words once (deep-merged into the application's catalogue). */
export function addTransferMessages(): void {
  if (added || !i18n.isInitialized) return;
  added = true;
  i18n.addResourceBundle('vi', 'translation', vi, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
