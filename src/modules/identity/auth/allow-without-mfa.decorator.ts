import { SetMetadata } from '@nestjs/common';

export const ALLOW_WITHOUT_MFA = 'haven:allow-without-mfa';

/**
 * A signed-in route that a session without a verified second factor may still use when the factor is
 * required: what it takes to set the factor up (me, logout, mfa/setup, mfa/enable).
 */
export const AllowWithoutMfa = (): MethodDecorator => SetMetadata(ALLOW_WITHOUT_MFA, true);
