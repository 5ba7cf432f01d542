import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A piece of community work the plan 96/KH-UBND counts (docs/DESIGN.md §6): a campaign, an awareness session,
 * a training course, a Model 3 club meeting, a Model 4 convention revision, a Model 5 counselling-point
 * session. Counts only; the notes are free text and encrypted (they may name people).
 */
@Entity({ name: 'activities' })
@Index('activities_commune_date_idx', ['communeCode', 'date'])
@Index('activities_date_idx', ['date'])
@Index('activities_organization_date_idx', ['organizationId', 'date'])
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'activities_pk' })
  id!: string;

  /** A key of config/catalogues/activity-kinds.yaml. */
  @Column('text', { name: 'kind' })
  kind!: string;

  /** The plan's project, 1–5. */
  @Column('smallint', { name: 'project' })
  project!: number;

  /** The plan's model, 1–5, when the activity belongs to one. */
  @Column('smallint', { name: 'model', nullable: true })
  model!: number | null;

  @Column('text', { name: 'title' })
  title!: string;

  @Column('date', { name: 'date' })
  date!: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode!: string;

  @Column('varchar', { name: 'commune_code', length: 5, nullable: true })
  communeCode!: string | null;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  /** Keys of config/catalogues/activity-audiences.yaml. */
  @Column('text', { name: 'audience', array: true, default: () => "'{}'" })
  audience!: string[];

  @Column('integer', { name: 'participants_female', default: 0 })
  participantsFemale!: number;

  @Column('integer', { name: 'participants_male', default: 0 })
  participantsMale!: number;

  @Column('integer', { name: 'participants_other', default: 0 })
  participantsOther!: number;

  @Column('integer', { name: 'youth_participants', nullable: true })
  youthParticipants!: number | null;

  @Column('integer', { name: 'residential_clusters_reached', nullable: true })
  residentialClustersReached!: number | null;

  @Column('text', { name: 'notes_enc', nullable: true })
  notesEnc!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
