import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A creating request remembered for 24 hours under (user, route, key), with the answer it got. */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expires_idx', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('text')
  route!: string;

  @PrimaryColumn('text')
  key!: string;

  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('integer', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  /**
   * The answer, as JSON encrypted with the data key (context idempotency_keys.response_body_enc): an
   * answer may name people. Kept 24 hours; key rotation leaves these rows to expire.
   */
  @Column('text', { name: 'response_body_enc', nullable: true })
  responseBodyEnc!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
