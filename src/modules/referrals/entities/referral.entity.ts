import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A referral from a case to a provider (docs/DESIGN.md §4). The provider sees only the fields the covering
 * consent names, read through the consent at each request (a withdrawal hides them at once).
 */
@Entity({ name: 'referrals' })
@Index('referrals_case_idx', ['caseId', 'sentAt'])
@Index('referrals_incoming_idx', ['recipientOrganizationId', 'sentAt', 'id'])
@Index('referrals_outgoing_idx', ['referringOrganizationId', 'sentAt', 'id'])
@Index('referrals_provider_status_idx', ['providerId', 'status'])
@Index('referrals_unanswered_due_idx', ['dueBy'], { where: "status = 'sent'" })
@Index('referrals_escalation_due_idx', ['dueBy'], { where: "status = 'sent' AND escalated_at IS NULL" })
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'referrals_pk' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** The case's reference, copied (it never changes): what the provider and notifications show. */
  @Column('text', { name: 'reference' })
  reference!: string;

  @Column('uuid', { name: 'referring_organization_id' })
  referringOrganizationId!: string;

  @Column('uuid', { name: 'referred_by' })
  referredBy!: string;

  @Column('uuid', { name: 'provider_id' })
  providerId!: string;

  /** The provider's organisation: its staff answer the referral. */
  @Column('uuid', { name: 'recipient_organization_id' })
  recipientOrganizationId!: string;

  /** Keys of config/catalogues/services.yaml. */
  @Column('text', { name: 'services', array: true })
  services!: string[];

  /** emergency, urgent, routine */
  @Column('text', { name: 'urgency' })
  urgency!: string;

  @Column('uuid', { name: 'consent_id', nullable: true })
  consentId!: string | null;

  @Column('boolean', { name: 'emergency_override', default: false })
  emergencyOverride!: boolean;

  @Column('text', { name: 'override_reason_enc', nullable: true })
  overrideReasonEnc!: string | null;

  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  /** sent, accepted, declined, cancelled, in_service, completed, not_completed */
  @Column('text', { name: 'status' })
  status!: string;

  @Column('timestamptz', { name: 'sent_at', default: () => 'now()' })
  sentAt!: Date;

  /** When the provider must have answered (by urgency, config/referrals.yaml). */
  @Column('timestamptz', { name: 'due_by' })
  dueBy!: Date;

  @Column('timestamptz', { name: 'responded_at', nullable: true })
  respondedAt!: Date | null;

  @Column('uuid', { name: 'responded_by', nullable: true })
  respondedBy!: string | null;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  /** When it reached completed, not_completed, declined or cancelled. */
  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** Services given (keys of services.yaml), recorded on completion: they count for the indicators. */
  @Column('text', { name: 'services_provided', array: true, default: () => "'{}'" })
  servicesProvided!: string[];

  @Column('date', { name: 'completed_on', nullable: true })
  completedOn!: string | null;

  /** When the overdue escalation went out (the follow-ups scan); null until then. */
  @Column('timestamptz', { name: 'escalated_at', nullable: true })
  escalatedAt!: Date | null;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
