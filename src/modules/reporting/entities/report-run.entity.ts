import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A report run (docs/DESIGN.md §6): asked by a manager or supervisor, made by the worker (reports queue), its
 * file kept here so that API and worker on different hosts both reach it. The file holds only figures
 * under disclosure control.
 */
@Entity({ name: 'report_runs' })
@Index('report_runs_requester_idx', ['requestedBy', 'requestedAt'])
@Index('report_runs_organization_idx', ['organizationId', 'requestedAt'])
export class ReportRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'report_runs_pk' })
  id!: string;

  /** monthly, semiannual, annual */
  @Column('text', { name: 'kind' })
  kind!: string;

  @Column('text', { name: 'period' })
  period!: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode!: string;

  /** Empty: the whole province (the city). */
  @Column('varchar', { name: 'commune_codes', length: 5, array: true, default: () => "'{}'" })
  communeCodes!: string[];

  /** xlsx, csv, pdf */
  @Column('text', { name: 'format' })
  format!: string;

  /** queued, running, done, failed */
  @Column('text', { name: 'status' })
  status!: string;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  /** The requester's organisation: a supervisor's report covers its cases only. */
  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  /** What the figures cover: 'city' (a centre manager's) or 'organization' (a supervisor's). */
  @Column('text', { name: 'coverage' })
  coverage!: string;

  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('integer', { name: 'attempts', default: 0 })
  attempts!: number;

  /** A code, never a message (messages may quote data). */
  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'file_name', nullable: true })
  fileName!: string | null;

  @Column('text', { name: 'content_type', nullable: true })
  contentType!: string | null;

  @Column('bytea', { name: 'file', nullable: true })
  file!: Buffer | null;

  @Column('integer', { name: 'file_size', nullable: true })
  fileSize!: number | null;
}
