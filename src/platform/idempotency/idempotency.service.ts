import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CryptoService } from '../crypto/crypto.service';
import { DomainError } from '../http/domain-error';
import { JobName, QueueName } from '../queue/queue-names';
import { HandlesJob } from '../queue/handler.decorators';
import { requestHash } from './canonical-json';
import { IdempotencyRepository } from './idempotency.repository';

export const IDEMPOTENCY_TTL_HOURS = 24;
const RESPONSE_CONTEXT = 'idempotency_keys.response_body_enc';
/** What an Idempotency-Key may be (also published in the OpenAPI document). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface IdempotentRequest {
  /** Whose key it is: the signed-in user's id. */
  scope: string;
  /** Method and path with its ids filled in, e.g. "POST /api/v1/cases". */
  route: string;
  /** The Idempotency-Key header; undefined when the caller sent none. */
  key: string | undefined;
  body: unknown;
  /** The route's success status (set by @Idempotent): stored with the answer for the record. */
  status?: number | ((body: never) => number);
}

export interface IdempotentResult<T> {
  statusCode: number;
  body: T;
  replayed: boolean;
}

/**
 * The Idempotency-Key mechanism of docs/DESIGN.md §9. It runs inside the use case's own transaction: the key
 * is written with the change and its answer, or not at all. A concurrent request with the same key
 * waits on the key's row and then replays the first answer; the same key with another body is refused.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly keys: IdempotencyRepository,
  ) {}

  static validateKey(key: string | undefined): string | undefined {
    if (key === undefined || key === '') return undefined;
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw new DomainError('IDEMPOTENCY_KEY_INVALID');
    return key;
  }

  async run<T>(
    manager: EntityManager,
    req: IdempotentRequest,
    work: () => Promise<{ statusCode: number; body: T }>,
  ): Promise<IdempotentResult<T>> {
    const key = IdempotencyService.validateKey(req.key);
    if (key === undefined) return { ...(await work()), replayed: false };
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('IdempotencyService.run must be called inside a transaction');
    }
    const hash = requestHash(req.body);
    const id = { scope: req.scope, route: req.route, key };
    await this.keys.deleteExpired(manager, id);
    if (!(await this.keys.claim(manager, id, hash, IDEMPOTENCY_TTL_HOURS))) {
      const existing = await this.keys.find(manager, id);
      if (!existing) throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      if (existing.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      if (existing.statusCode === null) throw new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      const body = existing.responseBodyEnc
        ? (JSON.parse(this.crypto.decrypt(existing.responseBodyEnc, RESPONSE_CONTEXT)) as T)
        : (null as T);
      return { statusCode: existing.statusCode, body, replayed: true };
    }
    const result = await work();
    await this.keys.saveAnswer(
      manager,
      id,
      result.statusCode,
      this.crypto.encrypt(JSON.stringify(result.body ?? null), RESPONSE_CONTEXT),
    );
    return { ...result, replayed: false };
  }

  /**
   * Runs an idempotent command's work (see @Idempotent / @IdempotentCommandOf) and gives its answer's
   * body: the first answer again when the key was used before with the same body.
   */
  async command<T>(manager: EntityManager, cmd: IdempotentRequest, work: () => Promise<T>): Promise<T> {
    const status = cmd.status;
    const result = await this.run(manager, cmd, async () => {
      const body = await work();
      const statusCode = typeof status === 'function' ? (status as (b: T) => number)(body) : (status ?? 200);
      return { statusCode, body };
    });
    return result.body;
  }

  /** Forgets keys older than 24 hours. Scheduled in the worker; safe to run twice. */
  @HandlesJob(JobName.PurgeIdempotencyKeys, { queue: QueueName.Maintenance })
  async purgeExpired(): Promise<{ deleted: number }> {
    return { deleted: await this.keys.purgeExpired(this.dataSource) };
  }
}
