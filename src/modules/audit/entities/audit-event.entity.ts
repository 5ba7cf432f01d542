import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only audit trail (docs/DESIGN.md §7). Written in the same transaction as the change or read it
 * records; never updated except once by the sealer, which sets chain_seq, prev_hash and hash (a trigger
 * refuses every other UPDATE, and every DELETE and TRUNCATE). No personal data in the clear: a free-text
 * reason is encrypted (reason_text_enc), the reason code is a catalogue key.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_case_idx', ['caseId', 'id'], { where: 'case_id IS NOT NULL' })
@Index('audit_events_actor_idx', ['actorId', 'id'])
@Index('audit_events_entity_idx', ['entityType', 'entityId', 'id'])
@Index('audit_events_at_idx', ['at'])
@Index('audit_events_unsealed_idx', ['id'], { where: 'hash IS NULL' })
@Index('audit_events_chain_seq_uq', ['chainSeq'], { unique: true, where: 'chain_seq IS NOT NULL' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('timestamptz', { default: () => 'clock_timestamp()' })
  at!: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text', { name: 'actor_roles', array: true, default: () => "'{}'" })
  actorRoles!: string[];

  @Column('uuid', { name: 'organization_id', nullable: true })
  organizationId!: string | null;

  /** What happened, e.g. "user.login", "case.read", "access.denied". */
  @Column('text')
  action!: string;

  /** "success" or "denied" (or "failure" for a failed sign-in). */
  @Column('text', { default: 'success' })
  outcome!: string;

  @Column('text', { name: 'entity_type', nullable: true })
  entityType!: string | null;

  @Column('text', { name: 'entity_id', nullable: true })
  entityId!: string | null;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @Column('text', { name: 'reason_code', nullable: true })
  reasonCode!: string | null;

  @Column('text', { name: 'reason_text_enc', nullable: true })
  reasonTextEnc!: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId!: string | null;

  /** Position in the hash chain, in sealing order (rows committed late are sealed late). */
  @Column('bigint', { name: 'chain_seq', nullable: true })
  chainSeq!: string | null;

  @Column('text', { name: 'prev_hash', nullable: true })
  prevHash!: string | null;

  @Column('text', { nullable: true })
  hash!: string | null;
}
