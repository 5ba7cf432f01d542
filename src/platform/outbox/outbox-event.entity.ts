import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The transactional outbox (docs/DESIGN.md §5): written in the same transaction as the change it follows. */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_pending_idx', ['availableAt', 'createdAt', 'id'], { where: 'sent_at IS NULL' })
@Index('outbox_events_sent_at_idx', ['sentAt'], { where: 'sent_at IS NOT NULL' })
@Index('outbox_events_undelivered_idx', ['sentAt'], { where: 'sent_at IS NOT NULL AND delivered_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  topic!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('timestamptz', { name: 'available_at', default: () => 'now()' })
  availableAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  /** Set when every queue that handles the topic has handled the event: until then it may be sent again. */
  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
