import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** One risk assessment: the answers (possibly health data) encrypted as JSON; score and level clear. */
@Entity({ name: 'risk_assessments' })
export class RiskAssessmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'risk_assessments_pk' })
  id!: string;

  @Index('risk_assessments_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'risk_assessments_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'answers_enc' })
  answersEnc!: string;

  @Column('int', { name: 'score' })
  score!: number;

  @Column('text', { name: 'level' })
  level!: string;

  @Column('uuid', { name: 'assessed_by' })
  assessedBy!: string;

  @Column('timestamptz', { name: 'assessed_at', default: () => 'now()' })
  assessedAt!: Date;
}
