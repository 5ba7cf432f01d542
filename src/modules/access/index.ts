export { AccessModule } from './access.module';
export { AccessService } from './access.service';
export type { AccessFilter, AccessOptions, NamedAccessFilter } from './access.service';
export { BreakGlassService, BREAK_GLASS_HOURS, BREAK_GLASS_REASON_MIN } from './break-glass.service';
export type { BreakGlassGrant, BreakGlassRequest } from './break-glass.service';
export { ACCESS_FIELDS } from './domain/access-record';
export type { AccessDecision, AccessField, AccessRecord, AccessUser } from './domain/access-record';
export type { ResourceDescriptor } from './domain/resource-descriptor';
export { AccessRulesError } from './domain/rules';
