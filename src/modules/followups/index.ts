export { FollowupsModule } from './followups.module';
export { FollowUpPlanner } from './follow-up-planner';
export type { PlanReviews, RuleFollowUp } from './follow-up-planner';
export { FollowUpsQueries } from './follow-ups.queries';
export { FollowUpPrintReads } from './follow-up-print.reads';
export type { FollowUpLine } from './follow-up-print.reads';
export { FollowUpWorklistRepository } from './follow-up-worklist.repository';
export type { WorklistScope, WorklistStatement } from './follow-up-worklist.repository';
export { dueRange, endOfHanoiDay } from './domain/worklist-window';
export type { DueRange, DueWindow } from './domain/worklist-window';
export { RETENTION_COMMANDS, RetentionParticipants, RetentionService } from './retention';
export type { RetentionParticipant, RetentionRunOptions, RetentionRunResult } from './retention';

/** The module's personal-data declaration (the seed's pre-encrypted pools, documentation). */
export { FOLLOW_UP_DATA } from './followups.personal-data';
