import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A denominator of the plan's indicators for a period and a unit (docs/DESIGN.md §6): the number of officials,
 * students, residential clusters or gender-equality staff, entered by managers. commune_code '' is the
 * whole province.
 */
@Entity({ name: 'indicator_denominators' })
@Index('indicator_denominators_uq', ['period', 'provinceCode', 'communeCode', 'key'], { unique: true })
export class IndicatorDenominatorEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'indicator_denominators_pk' })
  id!: string;

  /** YYYY, YYYY-H1|H2, YYYY-Qn or YYYY-MM (docs/DESIGN.md §6). */
  @Column('text', { name: 'period' })
  period!: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode!: string;

  /** '' for the whole province. */
  @Column('varchar', { name: 'commune_code', length: 5, default: '' })
  communeCode!: string;

  /** A key of config/catalogues/denominator-keys.yaml (officials, students, residential_clusters, ge_staff). */
  @Column('text', { name: 'key' })
  key!: string;

  @Column('integer', { name: 'value' })
  value!: number;

  @Column('uuid', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
