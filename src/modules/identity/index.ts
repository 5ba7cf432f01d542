export { IdentityModule } from './identity.module';
export { IdentityDirectoryService } from './identity-directory.service';
export { RoleCatalogue } from './role-catalogue';
export { ADMIN_ROLE, AUDITOR_ROLE } from './domain/roles';
export type { RoleTraits } from './domain/roles';
export { IDENTITY_COMMANDS, CreateAdmin, readAdminPassword } from './cli/create-admin.command';
export type { CreateAdminInput, CreateAdminResult } from './cli/create-admin.command';
/** @nestjs/throttler's storage on Redis (fails open), for the other limits a module keeps per user. */
export { RedisThrottlerStorage } from './throttling/redis-throttler.storage';
