import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** The assignment history of a case: who was assigned, by whom, when. */
@Entity({ name: 'case_assignments' })
export class CaseAssignmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_assignments_pk' })
  id!: string;

  @Index('case_assignments_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_assignments_case_fk' })
  case?: CaseEntity;

  /** null: returned to the unassigned queue. */
  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column('uuid', { name: 'assigned_by', nullable: true })
  assignedBy!: string | null;

  @Column('timestamptz', { name: 'assigned_at', default: () => 'now()' })
  assignedAt!: Date;
}

/** Every workflow transition of a case (docs/DESIGN.md §3). */
@Entity({ name: 'case_transitions' })
export class CaseTransitionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_transitions_pk' })
  id!: string;

  @Index('case_transitions_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_transitions_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: string | null;

  @Column('text', { name: 'to_status' })
  toStatus!: string;

  @Column('text', { name: 'reason_code', nullable: true })
  reasonCode!: string | null;

  @Column('text', { name: 'reason_text_enc', nullable: true })
  reasonTextEnc!: string | null;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('timestamptz', { name: 'at', default: () => 'now()' })
  at!: Date;
}

/** A request to close a case, decided by another person, a supervisor. */
@Entity({ name: 'closure_requests' })
export class ClosureRequestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'closure_requests_pk' })
  id!: string;

  @Index('closure_requests_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'closure_requests_case_fk' })
  case?: CaseEntity;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @Column('text', { name: 'reason_code' })
  reasonCode!: string;

  @Column('text', { name: 'reason_text_enc', nullable: true })
  reasonTextEnc!: string | null;

  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' })
  requestedAt!: Date;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  /** approved, rejected; null while pending */
  @Column('text', { name: 'decision', nullable: true })
  decision!: string | null;

  @Column('text', { name: 'decision_reason_enc', nullable: true })
  decisionReasonEnc!: string | null;
}

/** The supervisors named on a restricted case (docs/DESIGN.md §3). */
@Entity({ name: 'case_restricted_supervisors' })
export class CaseRestrictedSupervisorEntity {
  @PrimaryColumn('uuid', { name: 'case_id', primaryKeyConstraintName: 'case_restricted_supervisors_pk' })
  caseId!: string;

  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'case_restricted_supervisors_pk' })
  userId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_restricted_supervisors_case_fk' })
  case?: CaseEntity;
}
