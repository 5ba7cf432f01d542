import { Injectable } from '@nestjs/common';
import type { Queryable } from '../../platform/database';
import type { AuditEntry } from './audit-entry';
import { AuditEventRepository } from './audit-event.repository';

export type { AuditEntry } from './audit-entry';

/**
 * Writes the audit trail in the caller's transaction, so a change and its audit row commit together.
 * Rows are sealed into the hash chain later, by the one sealer in the worker: no request waits on it.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditEventRepository) {}

  record(manager: Queryable, entry: AuditEntry): Promise<void> {
    return this.events.insert(manager, entry);
  }

  /**
   * Several rows in one statement: a list that shows many cases audits each of them in one round trip
   * instead of one per case (the worklist).
   */
  recordMany(manager: Queryable, entries: readonly AuditEntry[]): Promise<void> {
    return this.events.insertMany(manager, entries);
  }
}
