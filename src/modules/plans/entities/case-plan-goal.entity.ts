import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A goal of a plan version, in a needs area (config/catalogues/needs-areas.yaml); its text encrypted. */
@Entity({ name: 'case_plan_goals' })
@Index('case_plan_goals_plan_idx', ['planId', 'position'])
@Index('case_plan_goals_case_idx', ['caseId'])
export class CasePlanGoalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_plan_goals_pk' })
  id!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  /** The plan's case, copied (moves with the plan on a merge): retention erases by it. */
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('integer', { name: 'position' })
  position!: number;

  /** A key of config/catalogues/needs-areas.yaml. */
  @Column('text', { name: 'needs_area' })
  needsArea!: string;

  @Column('text', { name: 'goal_text_enc', nullable: true })
  goalTextEnc!: string | null;
}
