import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A notification sent on an outside channel (email, SMS): one row per notification and channel. */
@Entity({ name: 'notification_deliveries' })
@Index('notification_deliveries_uq', ['notificationId', 'channel'], { unique: true })
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'notification_id' })
  notificationId!: string;

  /** email, sms */
  @Column('text')
  channel!: string;

  /** pending, sent, skipped (no address or channel off), failed */
  @Column('text', { default: 'pending' })
  status!: string;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
