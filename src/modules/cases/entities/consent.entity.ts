import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A consent per purpose (docs/DESIGN.md §3), and its withdrawal. */
@Entity({ name: 'consents' })
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'consents_pk' })
  id!: string;

  @Index('consents_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'consents_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'purpose' })
  purpose!: string;

  @Column('text', { name: 'provider_types', array: true, default: () => "'{}'" })
  providerTypes!: string[];

  @Column('uuid', { name: 'provider_ids', array: true, default: () => "'{}'" })
  providerIds!: string[];

  @Column('text', { name: 'shared_fields', array: true, default: () => "'{}'" })
  sharedFields!: string[];

  @Column('text', { name: 'method' })
  method!: string;

  @Column('text', { name: 'given_by' })
  givenBy!: string;

  @Column('uuid', { name: 'recorded_by' })
  recordedBy!: string;

  @Column('timestamptz', { name: 'given_at', default: () => 'now()' })
  givenAt!: Date;

  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt!: Date | null;

  @Column('uuid', { name: 'withdrawn_by', nullable: true })
  withdrawnBy!: string | null;

  @Column('text', { name: 'withdrawal_reason_enc', nullable: true })
  withdrawalReasonEnc!: string | null;
}
