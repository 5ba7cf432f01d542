import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One hotline call, whether or not it became a case (issue 15, item 9): when, how long, by which channel,
 * its category and outcome (catalogue keys), the operator, and the case it opened or concerned. Nothing
 * personal and no free text: a call is counted by the statistics through the `call_facts` view.
 */
@Entity({ name: 'calls' })
@Index('calls_organization_started_idx', ['organizationId', 'startedAt'])
@Index('calls_operator_started_idx', ['operatorId', 'startedAt'])
@Index('calls_case_idx', ['caseId'])
export class CallEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'calls_pk' })
  id!: string;

  /** The operator's organisation when the call was taken. */
  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('uuid', { name: 'operator_id' })
  operatorId!: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('integer', { name: 'duration_seconds' })
  durationSeconds!: number;

  /** A key of config/catalogues/channels.yaml. */
  @Column('text', { name: 'channel' })
  channel!: string;

  /** A key of config/catalogues/call-categories.yaml. */
  @Column('text', { name: 'category' })
  category!: string;

  /** A key of config/catalogues/call-outcomes.yaml. */
  @Column('text', { name: 'outcome' })
  outcome!: string;

  /** The case the call opened or concerned (a case the operator may read), if any. */
  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  /** A fixed random key for the statistics' cell-key rule (as a case's record_key), never shown. */
  @Column('integer', { name: 'record_key' })
  recordKey!: number;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
