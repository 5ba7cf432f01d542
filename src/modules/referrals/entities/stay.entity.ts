import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ReferralEntity } from './referral.entity';

/**
 * A stay at a provider that admits people (a safe house, a trusted address): opened when the referral
 * starts (the admission), closed when it completes (the discharge).
 */
@Entity({ name: 'stays' })
@Index('stays_referral_uq', ['referralId'], { unique: true })
@Index('stays_provider_idx', ['providerId', 'admittedAt'])
@Index('stays_provider_current_idx', ['providerId'], { where: 'discharged_at IS NULL' })
export class StayEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'stays_pk' })
  id!: string;

  @Column('uuid', { name: 'referral_id' })
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'stays_referral_fk' })
  referral?: ReferralEntity;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('text', { name: 'reference' })
  reference!: string;

  @Column('uuid', { name: 'provider_id' })
  providerId!: string;

  /** The provider's organisation: its staff keep the stay. */
  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('timestamptz', { name: 'admitted_at', default: () => 'now()' })
  admittedAt!: Date;

  @Column('uuid', { name: 'admitted_by' })
  admittedBy!: string;

  @Column('timestamptz', { name: 'discharged_at', nullable: true })
  dischargedAt!: Date | null;

  @Column('uuid', { name: 'discharged_by', nullable: true })
  dischargedBy!: string | null;
}
