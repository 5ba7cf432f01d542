import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A follow-up of a case (docs/DESIGN.md §5): the call back tomorrow, the court date, the order that expires on
 * Friday. PostgreSQL decides when its reminder and escalation are due (`next_reminder_at`, `reminder_stage`):
 * the scan moves the stage and writes the event in one transaction, so each goes out once.
 */
@Entity({ name: 'follow_ups' })
@Index('follow_ups_case_idx', ['caseId', 'dueAt'])
@Index('follow_ups_mine_idx', ['assigneeId', 'dueAt', 'id'], { where: "status = 'open'" })
@Index('follow_ups_organization_idx', ['organizationId', 'dueAt', 'id'], { where: "status = 'open'" })
@Index('follow_ups_next_reminder_idx', ['nextReminderAt'], { where: 'next_reminder_at IS NOT NULL' })
@Index('follow_ups_source_uq', ['sourceKey'], { unique: true, where: 'source_key IS NOT NULL' })
@Index('follow_ups_open_review_uq', ['caseId'], {
  unique: true,
  where: "kind = 'case_review' AND status = 'open'",
})
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'follow_ups_pk' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** The case's reference, copied (it never changes): what the worklist and reminders show. */
  @Column('text', { name: 'reference' })
  reference!: string;

  /** The case's organisation: its supervisors see the follow-up and get its escalations. */
  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  /** A key of config/followups.yaml `kinds`. */
  @Column('text', { name: 'kind' })
  kind!: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  /** Null: the organisation's supervisors hold it until the case has an assignee. */
  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  /** open, done, cancelled */
  @Column('text', { name: 'status', default: () => "'open'" })
  status!: string;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('uuid', { name: 'completed_by', nullable: true })
  completedBy!: string | null;

  /** A key of config/catalogues/follow-up-outcomes.yaml. */
  @Column('text', { name: 'outcome', nullable: true })
  outcome!: string | null;

  /** 0: the due reminder is next; 1: the overdue escalation is next; 2: both went out. */
  @Column('smallint', { name: 'reminder_stage', default: 0 })
  reminderStage!: number;

  /** When the scan must act next; null when nothing is left to send (done, cancelled, escalated). */
  @Column('timestamptz', { name: 'next_reminder_at', nullable: true })
  nextReminderAt!: Date | null;

  /**
   * What made it, for follow-ups made by rules: `<source>:<id>:<kind>` (an event, a measure, a referral),
   * unique, so a redelivered event makes nothing twice. Null for follow-ups made by hand.
   */
  @Column('text', { name: 'source_key', nullable: true })
  sourceKey!: string | null;

  /** Null when a rule made it. */
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
