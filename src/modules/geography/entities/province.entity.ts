import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A province-level unit (34 since 2025-07-01). Codes are the General Statistics Office's. */
@Entity({ name: 'geo_provinces' })
export class ProvinceEntity {
  @PrimaryColumn('varchar', { length: 2 })
  code!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'full_name' })
  fullName!: string;

  @Column('text', { name: 'name_en' })
  nameEn!: string;

  /** As the official list writes it: "Thành phố" or "Tỉnh". */
  @Column('text', { name: 'unit_type' })
  unitType!: string;

  /** The list this row belongs to; older tiers get rows with earlier dates and a valid_to. */
  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  @Column('date', { name: 'valid_to', nullable: true })
  validTo!: string | null;
}
