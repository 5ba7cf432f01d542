export { FollowupsModule } from './followups.module';
export { FollowUpPlanner } from './follow-up-planner';
export type { RuleFollowUp } from './follow-up-planner';
export { FollowUpsQueries } from './follow-ups.queries';
export type { WorklistScope, WorklistStatement } from './follow-ups.queries';
export { dueRange, endOfHanoiDay } from './domain/worklist-window';
export type { DueRange, DueWindow } from './domain/worklist-window';
export { RETENTION_COMMANDS, RetentionService } from './retention';
export type { RetentionRunOptions, RetentionRunResult } from './retention';
