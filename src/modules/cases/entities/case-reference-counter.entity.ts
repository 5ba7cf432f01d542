import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The yearly sequence of case references per prefix; gaps are allowed (docs/DESIGN.md §3). */
@Entity({ name: 'case_reference_counters' })
export class CaseReferenceCounterEntity {
  @PrimaryColumn('text', { name: 'prefix', primaryKeyConstraintName: 'case_reference_counters_pk' })
  prefix!: string;

  @PrimaryColumn('int', { name: 'year', primaryKeyConstraintName: 'case_reference_counters_pk' })
  year!: number;

  @Column('int', { name: 'last_value' })
  lastValue!: number;
}
