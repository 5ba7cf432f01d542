import { RetentionJob } from './retention.job';
import { RetentionParticipants } from './retention-participants';
import { RetentionService } from './retention.service';

export { RetentionService } from './retention.service';
export { RetentionParticipants } from './retention-participants';
export type { RetentionParticipant } from './retention-participants';
export type { RetentionRunOptions, RetentionRunResult } from './retention.service';
export { RetentionJob } from './retention.job';
export { RETENTION_COMMANDS } from './retention.command';

export const RETENTION_PROVIDERS = [RetentionService, RetentionJob, RetentionParticipants];
