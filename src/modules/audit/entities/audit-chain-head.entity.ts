import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The head of the hash chain: one row, updated by the one sealer under an advisory lock. */
@Entity({ name: 'audit_chain_head' })
@Check('audit_chain_head_single_row', 'id = 1')
export class AuditChainHeadEntity {
  @PrimaryColumn('smallint')
  id!: number;

  @Column('bigint', { name: 'last_seq', default: 0 })
  lastSeq!: string;

  @Column('text', { name: 'last_hash', default: '' })
  lastHash!: string;

  @Column('timestamptz', { name: 'sealed_at', nullable: true })
  sealedAt!: Date | null;
}
