import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';
import { ConsentEntity } from './consent.entity';

/**
 * A case's transfer to another organisation (docs/ARCHITECTURE.md "Transfers"): asked by a supervisor of
 * the sending organisation with the survivor's consent for the purpose `transfer`, decided by a
 * supervisor of the receiving one. At most one waits for a decision per case.
 */
@Entity({ name: 'case_transfers' })
@Index('case_transfers_one_open_uq', ['caseId'], { unique: true, where: `status = 'requested'` })
@Index('case_transfers_to_idx', ['toOrganizationId', 'requestedAt'])
@Index('case_transfers_from_idx', ['fromOrganizationId', 'requestedAt'])
export class CaseTransferEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_transfers_pk' })
  id!: string;

  @Index('case_transfers_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_transfers_case_fk' })
  case?: CaseEntity;

  @Column('uuid', { name: 'from_organization_id' })
  fromOrganizationId!: string;

  @Column('uuid', { name: 'to_organization_id' })
  toOrganizationId!: string;

  @Column('uuid', { name: 'consent_id' })
  consentId!: string;

  @ManyToOne(() => ConsentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consent_id', foreignKeyConstraintName: 'case_transfers_consent_fk' })
  consent?: ConsentEntity;

  /** requested, accepted, declined, cancelled */
  @Column('text', { name: 'status', default: () => "'requested'" })
  status!: string;

  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @Column('timestamptz', { name: 'requested_at', default: () => 'now()' })
  requestedAt!: Date;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decline_reason_enc', nullable: true })
  declineReasonEnc!: string | null;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
