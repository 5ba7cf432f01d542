import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  SqlValue,
  updateStatement,
} from '../../../platform/database';
import { DomainError } from '../../../platform/http';
import { CASE_SERVICE_DATA } from '../safety-plan.personal-data';

export interface CaseService {
  id: string;
  caseId: string;
  serviceKey: string;
  givenOn: string;
  givenBy: string;
  organizationId: string;
  note: string | null;
  version: number;
  recordedBy: string;
  recordedAt: Date;
  removedAt: Date | null;
  removalReason: string | null;
}

const SERVICE = rowShape('case_services', {
  id: col.uuid(),
  case_id: col.uuid(),
  service_key: col.text(),
  given_on: col.day(),
  given_by: col.uuid(),
  organization_id: col.uuid(),
  note_enc: col.text().orNull(),
  version: col.int(),
  recorded_by: col.uuid(),
  recorded_at: col.time(),
  removed_at: col.time().orNull(),
  removal_reason: col.text().orNull(),
});
const ID = rowShape('case_services (id)', { id: col.uuid() });

const dayText = (v: string | Date): string =>
  typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);

/** The services given recorded on a case (table case_services): the note only through its declaration. */
@Injectable()
export class CaseServiceRepository {
  constructor(private readonly crypto: CryptoService) {}

  private toService(raw: unknown): CaseService {
    const r = SERVICE.parse(raw);
    return {
      id: r.id,
      caseId: r.case_id,
      serviceKey: r.service_key,
      givenOn: dayText(r.given_on),
      givenBy: r.given_by,
      organizationId: r.organization_id,
      note: CASE_SERVICE_DATA.openOne(this.crypto, 'note', r.note_enc),
      version: r.version,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
      removedAt: r.removed_at,
      removalReason: r.removal_reason,
    };
  }

  async insert(
    m: Queryable,
    s: {
      caseId: string;
      serviceKey: string;
      givenOn: string;
      givenBy: string;
      organizationId: string;
      note: string | undefined;
      recordedBy: string;
    },
  ): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'case_services',
        {
          case_id: s.caseId,
          service_key: s.serviceKey,
          given_on: s.givenOn,
          given_by: s.givenBy,
          organization_id: s.organizationId,
          recorded_by: s.recordedBy,
          ...CASE_SERVICE_DATA.sealInsert(this.crypto, { note: s.note ?? null }),
        },
        ID.columns(),
      ),
    );
    if (!raw) throw new Error('case service not written');
    return ID.parse(raw).id;
  }

  async find(
    m: Queryable,
    caseId: string,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<CaseService | null> {
    const raw = await firstRow(
      m,
      `SELECT ${SERVICE.columns()} FROM case_services WHERE id = $1 AND case_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [id, caseId],
    );
    return raw === undefined ? null : this.toService(raw);
  }

  async listForCase(m: Queryable, caseId: string): Promise<CaseService[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${SERVICE.columns()} FROM case_services WHERE case_id = $1
        ORDER BY given_on DESC, recorded_at DESC, id`,
      [caseId],
    );
    return rows.map((r) => this.toService(r));
  }

  /** A correction read at `version`: the fields given change; VERSION_CONFLICT when stale. */
  async correct(
    m: Queryable,
    at: { id: string; version: number },
    c: { serviceKey?: string; givenOn?: string; givenBy?: string; note?: string },
    by: string,
  ): Promise<void> {
    const set: Record<string, SqlValue | undefined> = {
      service_key: c.serviceKey,
      given_on: c.givenOn,
      given_by: c.givenBy,
      updated_by: by,
      ...(c.note !== undefined ? CASE_SERVICE_DATA.sealPatch(this.crypto, { note: c.note }) : {}),
    };
    await this.versioned(m, at, set, ['updated_at = now()']);
  }

  /** A mistaken entry removed (kept, flagged): it leaves the counts. */
  async remove(m: Queryable, at: { id: string; version: number }, reason: string, by: string): Promise<void> {
    await this.versioned(m, at, { removed_by: by, removal_reason: reason }, ['removed_at = now()']);
  }

  private async versioned(
    m: Queryable,
    at: { id: string; version: number },
    set: Record<string, SqlValue | undefined>,
    extraSet: string[],
  ): Promise<void> {
    const [raw] = await run(
      m,
      updateStatement(
        'case_services',
        set,
        (p) => `id = ${p.add(at.id)} AND version = ${p.add(at.version)} AND removed_at IS NULL`,
        { returning: ID.columns(), extraSet: [...extraSet, 'version = version + 1'] },
      ),
    );
    if (raw === undefined) throw new DomainError('VERSION_CONFLICT');
  }
}

const MOVED = rowShape('case_services (moved)', { id: col.uuid() });

/** Moves of the service entries between cases (a merge and its undo). */
@Injectable()
export class CaseServiceMoves {
  /** Every entry of `from` now on `to`; the ids moved. */
  async moveAll(m: Queryable, from: string, to: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `WITH moved AS (UPDATE case_services SET case_id = $2 WHERE case_id = $1 RETURNING id)
       SELECT id FROM moved ORDER BY id`,
      [from, to],
    );
    return MOVED.parseAll(rows).map((r) => r.id);
  }

  /** The entries named back on `to`. */
  async moveBack(m: Queryable, ids: readonly string[], to: string): Promise<void> {
    await run(m, {
      text: `UPDATE case_services SET case_id = $2 WHERE id = ANY($1::uuid[])`,
      values: [[...ids], to],
    });
  }
}
