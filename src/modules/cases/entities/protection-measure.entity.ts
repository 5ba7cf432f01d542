import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A protection measure under Law 13/2022, with its dates (deadlines and expiries become follow-ups). */
@Entity({ name: 'protection_measures' })
export class ProtectionMeasureEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'protection_measures_pk' })
  id!: string;

  @Index('protection_measures_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'protection_measures_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'type' })
  type!: string;

  @Column('timestamptz', { name: 'requested_at', nullable: true })
  requestedAt!: Date | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'starts_at', nullable: true })
  startsAt!: Date | null;

  @Column('timestamptz', { name: 'ends_at', nullable: true })
  endsAt!: Date | null;

  @Column('boolean', { name: 'decided_late', default: false })
  decidedLate!: boolean;

  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  @Column('uuid', { name: 'recorded_by' })
  recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
