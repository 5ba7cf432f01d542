import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a handler did for an event, under a unique key (event, handler, recipient): a redelivered event
 * finds its receipt and changes nothing.
 */
@Entity({ name: 'event_receipts' })
export class EventReceiptEntity {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId!: string;

  @PrimaryColumn('text')
  handler!: string;

  @PrimaryColumn('text', { default: '' })
  recipient!: string;

  @Column('timestamptz', { name: 'handled_at', default: () => 'now()' })
  handledAt!: Date;
}
