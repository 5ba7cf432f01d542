import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A service in the directory (docs/DESIGN.md §4): a safe house, a clinic, a legal-aid office… Staff of its
 * organisation answer the referrals addressed to it. The address and phone are encrypted (a safe house's
 * are confidential; a database dump shows none of them).
 */
@Entity({ name: 'providers' })
@Index('providers_organization_idx', ['organizationId'])
@Index('providers_type_commune_idx', ['type', 'communeCode'])
@Index('providers_organization_name_uq', ['organizationId', 'name'], { unique: true })
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'providers_pk' })
  id!: string;

  @Column('text', { name: 'name' })
  name!: string;

  /** A key of config/catalogues/organization-types.yaml. */
  @Column('text', { name: 'type' })
  type!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode!: string;

  @Column('varchar', { name: 'commune_code', length: 5 })
  communeCode!: string;

  @Column('text', { name: 'address_text_enc', nullable: true })
  addressTextEnc!: string | null;

  @Column('text', { name: 'phone_enc', nullable: true })
  phoneEnc!: string | null;

  @Column('text', { name: 'hours', nullable: true })
  hours!: string | null;

  /** Keys of config/catalogues/services.yaml. */
  @Column('text', { name: 'services', array: true, default: () => "'{}'" })
  services!: string[];

  /** The commune codes it serves (empty: its own commune). */
  @Column('varchar', { name: 'area_served', length: 5, array: true, default: () => "'{}'" })
  areaServed!: string[];

  /** Beds, for a provider that admits people (a safe house); null when it does not count beds. */
  @Column('integer', { name: 'capacity', nullable: true })
  capacity!: number | null;

  @Column('boolean', { name: 'accepting_referrals', default: true })
  acceptingReferrals!: boolean;

  /** Language tags (vi, en, hmn, …). */
  @Column('text', { name: 'languages', array: true, default: () => "'{}'" })
  languages!: string[];

  @Column('integer', { name: 'version', default: 1 })
  version!: number;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
