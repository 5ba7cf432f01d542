import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Break-glass (docs/DESIGN.md §7): a counsellor opens a case of their own organisation that is not assigned
 * to them, with a written reason (encrypted), for 4 hours. Audited and notified by the case module.
 */
@Entity({ name: 'break_glass_grants' })
@Index('break_glass_grants_user_case_idx', ['userId', 'caseId', 'expiresAt'])
export class BreakGlassGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('text', { name: 'reason_text_enc' })
  reasonTextEnc!: string;

  @Column('timestamptz', { name: 'granted_at', default: () => 'now()' })
  grantedAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
