import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An end-to-end probe of the event pipeline: written with an outbox event, marked by its handler. */
@Entity({ name: 'system_probes' })
export class SystemProbeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'handled_at', nullable: true })
  handledAt!: Date | null;

  /** How many times the handler acted: must stay at 1 however often the event is delivered. */
  @Column('integer', { default: 0 })
  deliveries!: number;
}
