import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A job that kept failing after all its attempts, kept in PostgreSQL with its error for an admin to retry. */
@Entity({ name: 'dead_letters' })
@Index('dead_letters_queue_job_uq', ['queue', 'jobId'], { unique: true })
@Index('dead_letters_open_idx', ['failedAt'], { where: 'retried_at IS NULL' })
export class DeadLetterEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  queue!: string;

  @Column('text', { name: 'job_id' })
  jobId!: string;

  @Column('text', { name: 'job_name' })
  jobName!: string;

  /** The job's data: ids only, as every job payload. */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  @Column('text')
  error!: string;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'failed_at', default: () => 'now()' })
  failedAt!: Date;

  @Column('timestamptz', { name: 'retried_at', nullable: true })
  retriedAt!: Date | null;

  @Column('integer', { name: 'retry_count', default: 0 })
  retryCount!: number;
}
