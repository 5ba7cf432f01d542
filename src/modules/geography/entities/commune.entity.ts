import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProvinceEntity } from './province.entity';

/** A commune-level unit: phường, xã or đặc khu (3,321 since 2026-04-30). */
@Entity({ name: 'geo_communes' })
@Index('geo_communes_province_idx', ['provinceCode', 'code'])
export class CommuneEntity {
  @PrimaryColumn('varchar', { length: 5 })
  code!: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode!: string;

  @ManyToOne(() => ProvinceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'province_code', foreignKeyConstraintName: 'geo_communes_province_fk' })
  province?: ProvinceEntity;

  @Column('text')
  name!: string;

  @Column('text', { name: 'full_name' })
  fullName!: string;

  @Column('text', { name: 'name_en' })
  nameEn!: string;

  /** As the official list writes it: "Phường", "Xã" or "Đặc khu". */
  @Column('text', { name: 'unit_type' })
  unitType!: string;

  @Column('date', { name: 'valid_from' })
  validFrom!: string;

  @Column('date', { name: 'valid_to', nullable: true })
  validTo!: string | null;
}
