/**
 * What goes out on an outside channel (e-mail, SMS): the notification's title — made from references
 * only — and a hint to open Haven. No link (a link in a message forwarded or seen by someone else points
 * at a survivor's file), no name, no address, nothing typed by a person.
 */
export interface OutsideMessage {
  notificationId: string;
  type: string;
  subject: string;
  text: string;
}

export const OPEN_HAVEN_HINT = 'Vui lòng đăng nhập Haven để xem chi tiết.';

export function composeOutsideMessage(n: { id: string; type: string; title: string }): OutsideMessage {
  return {
    notificationId: n.id,
    type: n.type,
    subject: `Haven: ${n.title}`,
    text: `${n.title}.\n\n${OPEN_HAVEN_HINT}\n\n— Haven (thư tự động, vui lòng không trả lời)`,
  };
}
