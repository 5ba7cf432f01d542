import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

/** A member of staff. Passwords are argon2id hashes; the TOTP secret is encrypted. */
@Entity({ name: 'users' })
@Index('users_username_uq', ['username'], { unique: true })
@Index('users_organization_idx', ['organizationId'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower case, 3–64 of a-z 0-9 . _ - */
  @Column('text')
  username!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  /** Keys of the roles catalogue; several combine. */
  @Column('text', { array: true, default: () => "'{}'" })
  roles!: string[];

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'users_organization_fk' })
  organization?: OrganizationEntity;

  @Column('boolean', { default: false })
  disabled!: boolean;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @Column('timestamptz', { name: 'password_changed_at', default: () => 'now()' })
  passwordChangedAt!: Date;

  /** A confirmed reset gave a temporary password: only setting her own (/auth/password) is allowed. */
  @Column('boolean', { name: 'password_change_required', default: false })
  passwordChangeRequired!: boolean;

  /** Failed sign-ins in a row; reset by a successful one. The lockout lives here, not in Redis. */
  @Column('integer', { name: 'failed_logins', default: 0 })
  failedLogins!: number;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  /** Work e-mail for notifications on the outside channel, encrypted (users.email_enc). */
  @Column('text', { name: 'email_enc', nullable: true })
  emailEnc!: string | null;

  @Column('boolean', { name: 'mfa_enabled', default: false })
  mfaEnabled!: boolean;

  /** The confirmed TOTP secret, encrypted (users.mfa_secret_enc). */
  @Column('text', { name: 'mfa_secret_enc', nullable: true })
  mfaSecretEnc!: string | null;

  /** A secret set up but not yet confirmed with a code, encrypted. */
  @Column('text', { name: 'mfa_pending_secret_enc', nullable: true })
  mfaPendingSecretEnc!: string | null;

  /** The last TOTP time step accepted: a code is never accepted twice. */
  @Column('bigint', { name: 'mfa_last_step', nullable: true })
  mfaLastStep!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { default: 1 })
  version!: number;
}
