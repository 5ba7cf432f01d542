import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** Who called when it was not the survivor: the relationship in the clear, the contact encrypted. */
@Entity({ name: 'reporters' })
export class ReporterEntity {
  @PrimaryColumn('uuid', { name: 'case_id', primaryKeyConstraintName: 'reporters_pk' })
  caseId!: string;

  @OneToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'reporters_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'relationship' })
  relationship!: string;

  @Column('text', { name: 'full_name_enc', nullable: true })
  fullNameEnc!: string | null;

  @Column('text', { name: 'phone_enc', nullable: true })
  phoneEnc!: string | null;

  @Index('reporters_phone_index_idx')
  @Column('text', { name: 'phone_index', nullable: true })
  phoneIndex!: string | null;
}
