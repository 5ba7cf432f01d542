import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** An organisation: the Social Work Centre, a hotline, a safe house, a provider, a commune office… */
@Entity({ name: 'organizations' })
@Index('organizations_name_uq', ['name'], { unique: true })
@Index('organizations_parent_idx', ['parentId'])
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** A key of config/catalogues/organization-types.yaml. */
  @Column('text')
  type!: string;

  @Column('varchar', { name: 'province_code', length: 2 })
  provinceCode!: string;

  @Column('varchar', { name: 'commune_code', length: 5, nullable: true })
  communeCode!: string | null;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'organizations_parent_fk' })
  parent?: OrganizationEntity;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { default: 1 })
  version!: number;
}
