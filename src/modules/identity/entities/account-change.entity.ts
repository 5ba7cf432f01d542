import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * An administrator's change to an account that a supervisor must confirm before it takes effect
 * (issue 12, Security 1): giving a case-reading role, resetting a password or the second factor, a new
 * work e-mail. Never holds a secret; a new e-mail is kept encrypted.
 */
@Entity({ name: 'account_changes' })
@Index('account_changes_pending_uq', ['targetUserId', 'kind'], { unique: true, where: `status = 'pending'` })
@Index('account_changes_status_idx', ['status', 'createdAt'])
export class AccountChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** create_user | add_role | reset_password | reset_mfa | change_email */
  @Column('text')
  kind!: string;

  @Column('uuid', { name: 'target_user_id' })
  targetUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_user_id', foreignKeyConstraintName: 'account_changes_target_fk' })
  target?: UserEntity;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'account_changes_requested_by_fk' })
  requester?: UserEntity;

  /** The case-reading roles to give (create_user, add_role). */
  @Column('text', { array: true, default: () => "'{}'" })
  roles!: string[];

  /** The new work e-mail (change_email), encrypted. */
  @Column('text', { name: 'email_enc', nullable: true })
  emailEnc!: string | null;

  /** pending | confirmed | rejected | expired */
  @Column('text', { default: 'pending' })
  status!: string;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
