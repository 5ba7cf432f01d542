/** The queues of docs/DESIGN.md §5. */
export enum QueueName {
  Notifications = 'notifications',
  Followups = 'followups',
  Referrals = 'referrals',
  Reports = 'reports',
  Maintenance = 'maintenance',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

/**
 * Scheduled and direct jobs (not outbox events: those are named by their topic). The worker refuses
 * to start when one of these has no handler.
 */
export enum JobName {
  PurgeIdempotencyKeys = 'maintenance.purge_idempotency_keys',
  PurgeOutbox = 'maintenance.purge_outbox',
  AuditSeal = 'audit.seal',
  /** Every minute: reminders and escalations that PostgreSQL says are due (followups/reminders). */
  FollowupsScan = 'followups.scan',
  /** Daily: anonymises cases closed longer than RETENTION_CLOSED_DAYS (followups/retention). */
  Retention = 'maintenance.retention',
}

export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JobName);

/** Payloads of direct jobs: ids and numbers only, never personal data. */
export interface JobPayloads {
  [JobName.PurgeIdempotencyKeys]: Record<string, never>;
  [JobName.PurgeOutbox]: Record<string, never>;
  [JobName.AuditSeal]: Record<string, never>;
  [JobName.FollowupsScan]: Record<string, never>;
  [JobName.Retention]: Record<string, never>;
}

/** The queue of that name (a name read back from PostgreSQL), or undefined. */
export function queueNamed(name: string): QueueName | undefined {
  const names: readonly string[] = ALL_QUEUES;
  const i = names.indexOf(name);
  return i === -1 ? undefined : ALL_QUEUES[i];
}
