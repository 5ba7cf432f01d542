import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A service given to the survivor, recorded on the case itself (not through a referral). */
@Entity({ name: 'case_services' })
export class CaseServiceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_services_pk' })
  id!: string;

  @Index('case_services_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_services_case_fk' })
  case?: CaseEntity;

  /** A key of config/catalogues/services.yaml. */
  @Column('text', { name: 'service_key' })
  serviceKey!: string;

  @Index('case_services_given_on_idx')
  @Column('date', { name: 'given_on' })
  givenOn!: string;

  @Column('uuid', { name: 'given_by' })
  givenBy!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  @Column('int', { name: 'version', default: 1 })
  version!: number;

  @Column('uuid', { name: 'recorded_by' })
  recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @Column('timestamptz', { name: 'updated_at', nullable: true })
  updatedAt!: Date | null;

  /** A mistaken entry is removed, never deleted: it leaves the counts, its row and audit stay. */
  @Column('uuid', { name: 'removed_by', nullable: true })
  removedBy!: string | null;

  @Column('timestamptz', { name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  /** A code: 'mistaken' or 'duplicate'. */
  @Column('text', { name: 'removal_reason', nullable: true })
  removalReason!: string | null;
}
