import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An in-app notification to a member of staff. Its title carries no personal data ("Ca HN-2026-000123 có
 * nguy cơ cao"), only references. One per (event, recipient): a redelivered event adds nothing.
 */
@Entity({ name: 'notifications' })
@Index('notifications_event_recipient_uq', ['eventId', 'recipientId'], {
  unique: true,
  where: 'event_id IS NOT NULL',
})
@Index('notifications_recipient_idx', ['recipientId', 'createdAt', 'id'])
@Index('notifications_unread_idx', ['recipientId', 'id'], { where: 'read_at IS NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** A user (identity module). No foreign key across modules: users are disabled, never deleted. */
  @Column('uuid', { name: 'recipient_id' })
  recipientId!: string;

  /** A key of config/catalogues/notification-types.yaml. */
  @Column('text')
  type!: string;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @Column('text', { nullable: true })
  reference!: string | null;

  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId!: string | null;

  /** Vietnamese title, from the type's template and references only. */
  @Column('text')
  title!: string;

  /** The outbox event that caused it. */
  @Column('uuid', { name: 'event_id', nullable: true })
  eventId!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt!: Date | null;
}
