import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A case: one survivor's file at one organisation (docs/DESIGN.md §3). The columns here are the workflow and
 * the statistics; personal data lives encrypted in survivors and reporters.
 */
@Entity({ name: 'cases' })
@Index('cases_organization_opened_idx', ['organizationId', 'openedAt', 'id'])
@Index('cases_assignee_status_idx', ['assigneeId', 'status'])
@Index('cases_unassigned_queue_idx', ['organizationId', 'openedAt'], {
  where: `assignee_id IS NULL AND status <> 'closed'`,
})
/** The retention job's search: closed cases not yet anonymised, oldest closing first. */
@Index('cases_retention_due_idx', ['closedAt', 'id'], {
  where: `status = 'closed' AND anonymised_at IS NULL`,
})
/** Merged cases (issue 15) are due like closed ones, from the merge (their closed_at). */
@Index('cases_merged_retention_idx', ['closedAt', 'id'], {
  where: `status = 'merged' AND anonymised_at IS NULL`,
})
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'cases_pk' })
  id!: string;

  /** HN-2026-000123: readable over the phone, no personal data. */
  @Index('cases_reference_key', { unique: true })
  @Column('text', { name: 'reference' })
  reference!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('text', { name: 'channel' })
  channel!: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  @Column('text', { name: 'status' })
  status!: string;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId!: string | null;

  @Column('text', { name: 'risk_level', nullable: true })
  riskLevel!: string | null;

  @Column('int', { name: 'risk_score', nullable: true })
  riskScore!: number | null;

  /** The derived case context (intimate-partner violence, child sexual abuse…). */
  @Column('text', { name: 'context', array: true, default: () => "'{}'" })
  context!: string[];

  @Column('boolean', { name: 'restricted', default: false })
  restricted!: boolean;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'opened_at', default: () => 'now()' })
  openedAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** Set when retention destroyed the case's personal data (RETENTION_CLOSED_DAYS after closing). */
  @Column('timestamptz', { name: 'anonymised_at', nullable: true })
  anonymisedAt!: Date | null;

  @Column('int', { name: 'version', default: 1 })
  version!: number;

  /** A fixed random key per case (0..2^31-1) for the cell-key disclosure control of reporting. */
  @Column('int', { name: 'record_key' })
  recordKey!: number;

  @Column('uuid', { name: 'closure_requested_by', nullable: true })
  closureRequestedBy!: string | null;

  @Column('text', { name: 'closure_reason_code', nullable: true })
  closureReasonCode!: string | null;

  @Column('text', { name: 'closure_reason_text_enc', nullable: true })
  closureReasonTextEnc!: string | null;

  @Column('timestamptz', { name: 'closure_requested_at', nullable: true })
  closureRequestedAt!: Date | null;
}
