import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** An incident of a case (several per case): statistics in the clear, nothing that names anyone. */
@Entity({ name: 'incidents' })
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'incidents_pk' })
  id!: string;

  @Index('incidents_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'incidents_case_fk' })
  case?: CaseEntity;

  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD': the date may be approximate. */
  @Column('text', { name: 'occurred_on', nullable: true })
  occurredOn!: string | null;

  @Column('text', { name: 'commune_code', nullable: true })
  communeCode!: string | null;

  @Column('text', { name: 'place_type', nullable: true })
  placeType!: string | null;

  @Column('text', { name: 'violence_types', array: true })
  violenceTypes!: string[];

  @Column('text', { name: 'dv_acts', array: true, default: () => "'{}'" })
  dvActs!: string[];

  @Column('text', { name: 'perpetrator_relationship', nullable: true })
  perpetratorRelationship!: string | null;

  @Column('text', { name: 'perpetrator_sex', nullable: true })
  perpetratorSex!: string | null;

  @Column('text', { name: 'perpetrator_age_group', nullable: true })
  perpetratorAgeGroup!: string | null;

  @Column('int', { name: 'perpetrator_count', nullable: true })
  perpetratorCount!: number | null;

  @Column('boolean', { name: 'repeated', nullable: true })
  repeated!: boolean | null;

  @Column('boolean', { name: 'previously_reported', nullable: true })
  previouslyReported!: boolean | null;

  @Column('boolean', { name: 'children_present', nullable: true })
  childrenPresent!: boolean | null;

  @Column('boolean', { name: 'exchange_involved', nullable: true })
  exchangeInvolved!: boolean | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** Bumped by each correction after intake (PATCH …/incidents/:incidentId). */
  @Column('int', { name: 'version', default: 1 })
  version!: number;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @Column('timestamptz', { name: 'updated_at', nullable: true })
  updatedAt!: Date | null;
}
