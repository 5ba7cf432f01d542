import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ReferralEntity } from './referral.entity';

/** Each step of a referral: when, who, and the reason where one applies (reason text encrypted). */
@Entity({ name: 'referral_transitions' })
@Index('referral_transitions_referral_idx', ['referralId', 'at'])
export class ReferralTransitionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'referral_transitions_pk' })
  id!: string;

  @Column('uuid', { name: 'referral_id' })
  referralId!: string;

  @ManyToOne(() => ReferralEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id', foreignKeyConstraintName: 'referral_transitions_referral_fk' })
  referral?: ReferralEntity;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: string | null;

  @Column('text', { name: 'to_status' })
  toStatus!: string;

  @Column('uuid', { name: 'actor_id' })
  actorId!: string;

  @Column('timestamptz', { name: 'at', default: () => 'now()' })
  at!: Date;

  @Column('text', { name: 'reason_code', nullable: true })
  reasonCode!: string | null;

  @Column('text', { name: 'reason_text_enc', nullable: true })
  reasonTextEnc!: string | null;
}
