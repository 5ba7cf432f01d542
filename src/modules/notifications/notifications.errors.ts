import { registerErrorCodes } from '../../platform/http';

export const NotificationsErrors = registerErrorCodes({
  /** Also the answer for another user's notification: it does not exist for the caller. */
  NOTIFICATION_NOT_FOUND: 404,
});

/** Every code this module throws. */
export type NotificationsErrorCode = keyof typeof NotificationsErrors;
