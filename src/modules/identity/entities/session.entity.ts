import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A signed-in session. Access tokens name it (sid) and are refused once it is revoked: logout, a reused
 * refresh token, the user disabled, or its time is up.
 */
@Entity({ name: 'sessions' })
@Index('sessions_user_idx', ['userId'], { where: 'revoked_at IS NULL' })
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sessions_user_fk' })
  user?: UserEntity;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_used_at', default: () => 'now()' })
  lastUsedAt!: Date;

  /** The absolute end of the session, whatever the refreshes. */
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** logout, refresh_token_reuse, user_disabled, password_reset, password_change_failures, expired */
  @Column('text', { name: 'revoked_reason', nullable: true })
  revokedReason!: string | null;

  /** Whether the second factor was presented at sign-in. */
  @Column('boolean', { name: 'mfa_verified', default: false })
  mfaVerified!: boolean;

  /** Wrong current passwords given on /auth/password in this session; a few end it (not the account). */
  @Column('integer', { name: 'password_failures', default: 0 })
  passwordFailures!: number;
}
