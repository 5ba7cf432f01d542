import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SessionEntity } from './session.entity';

/**
 * A refresh token, stored as its SHA-256 only. Each use rotates it (used_at set, a new one issued); a
 * token presented after it was used revokes its whole session, but for the same client's double submit
 * within the grace window.
 */
@Entity({ name: 'refresh_tokens' })
@Index('refresh_tokens_hash_uq', ['tokenHash'], { unique: true })
@Index('refresh_tokens_session_idx', ['sessionId'])
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'refresh_tokens_session_fk' })
  session?: SessionEntity;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;

  /**
   * A keyed hash of the client (address and user agent) that spent it: the same client presenting it
   * again within REFRESH_GRACE_SECONDS (a double submit) gets a pair, anyone else ends the session.
   */
  @Column('text', { name: 'used_by_client', nullable: true })
  usedByClient!: string | null;
}
