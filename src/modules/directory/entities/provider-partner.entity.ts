import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProviderEntity } from './provider.entity';

/**
 * An organisation that refers to a provider (docs/DESIGN.md §4): its supervisors see a safe house's
 * confidential address and phone. Named by managers in the directory, or added when the organisation
 * first sends a referral to the provider.
 */
@Entity({ name: 'provider_partner_organizations' })
export class ProviderPartnerEntity {
  @PrimaryColumn('uuid', {
    name: 'provider_id',
    primaryKeyConstraintName: 'provider_partner_organizations_pk',
  })
  providerId!: string;

  @PrimaryColumn('uuid', {
    name: 'organization_id',
    primaryKeyConstraintName: 'provider_partner_organizations_pk',
  })
  organizationId!: string;

  @ManyToOne(() => ProviderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'provider_partner_organizations_provider_fk' })
  provider?: ProviderEntity;

  /** `directory` (named by a manager) or `referral` (the organisation referred to the provider). */
  @Column('text', { name: 'source' })
  source!: string;

  @Column('uuid', { name: 'added_by', nullable: true })
  addedBy!: string | null;

  @Column('timestamptz', { name: 'added_at', default: () => 'now()' })
  addedAt!: Date;
}
