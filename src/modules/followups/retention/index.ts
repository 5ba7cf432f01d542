import { RetentionJob } from './retention.job';
import { RetentionService } from './retention.service';

export { RetentionService } from './retention.service';
export type { RetentionRunOptions, RetentionRunResult } from './retention.service';
export { RetentionJob } from './retention.job';
export { RETENTION_COMMANDS } from './retention.command';

export const RETENTION_PROVIDERS = [RetentionService, RetentionJob];
