import { SetMetadata } from '@nestjs/common';

export const ALLOW_DURING_PASSWORD_CHANGE = 'haven:allow-during-password-change';

/**
 * The one route a session whose user must set her own password (after a confirmed reset, issue 12
 * Security 1) may use: /auth/password. Every other route answers 403 PASSWORD_CHANGE_REQUIRED, and
 * this one does not ask for the second factor first (she sets it up after, with her own password).
 */
export const AllowDuringPasswordChange = (): MethodDecorator =>
  SetMetadata(ALLOW_DURING_PASSWORD_CHANGE, true);
