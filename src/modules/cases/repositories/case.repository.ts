import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  firstRow,
  insertStatement,
  isUniqueViolation,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../../platform/database';
import type { AccessFilter } from '../../access';
import { CASE_DATA, CONSENT_DATA, NOTE_DATA, TRANSITION_DATA } from '../cases.personal-data';

/** record_key: a random key per case for sampling and partitioning, never shown. */
const MAX_RECORD_KEY = 2 ** 31 - 1;

/** The case columns the use cases decide on (access, workflow, version). */
export interface CaseHead {
  id: string;
  reference: string;
  organizationId: string;
  status: string;
  assigneeId: string | null;
  restricted: boolean;
  createdBy: string;
  openedAt: Date;
  version: number;
  closureRequestedBy: string | null;
  closureReasonCode: string | null;
  closureRequestedAt: Date | null;
}

/** The case's own fields of its file. */
export interface CaseFileHead extends CaseHead {
  channel: string;
  receivedAt: Date;
  riskLevel: string | null;
  context: string[];
  updatedAt: Date;
}

/** One line of a case list, with its keyset position (opened_at in microseconds, as text). */
export interface CaseSummary {
  id: string;
  reference: string;
  status: string;
  riskLevel: string | null;
  assigneeId: string | null;
  openedAt: Date;
  updatedAt: Date;
  micros: string;
}

/** What a list or search narrows to, on top of the access filter (every criterion ANDed). */
export interface CaseCriteria {
  status?: string;
  riskLevel?: string;
  /** null: unassigned cases only. */
  assigneeId?: string | null;
  reference?: string;
  createdBy?: string;
  openedSince?: string;
  /** A survivor with this phone's blind index. */
  survivorPhoneIndex?: string;
  /** A survivor with this national ID's blind index. */
  survivorNationalIdIndex?: string;
}

export interface NewCase {
  reference: string;
  organizationId: string;
  channel: string;
  receivedAt: Date;
  riskLevel: string | null;
  riskScore: number | null;
  context: string[];
  createdBy: string;
}

export interface IntakeConsent {
  purpose: string;
  providerTypes: string[];
  providerIds: string[];
  sharedFields: string[];
  method: string;
  givenBy: string;
}

const HEAD = {
  id: col.uuid(),
  reference: col.text(),
  organization_id: col.uuid(),
  status: col.text(),
  assignee_id: col.uuid().orNull(),
  restricted: col.bool(),
  created_by: col.uuid(),
  opened_at: col.time(),
  version: col.int(),
  closure_requested_by: col.uuid().orNull(),
  closure_reason_code: col.text().orNull(),
  closure_requested_at: col.time().orNull(),
};
const HeadRow = rowShape('cases', HEAD);
const FileHeadRow = rowShape('cases', {
  ...HEAD,
  channel: col.text(),
  received_at: col.time(),
  risk_level: col.text().orNull(),
  context: col.textArray(),
  updated_at: col.time(),
});
const SummaryRow = rowShape('cases', {
  id: col.uuid(),
  reference: col.text(),
  status: col.text(),
  risk_level: col.text().orNull(),
  assignee_id: col.uuid().orNull(),
  opened_at: col.time(),
  updated_at: col.time(),
  micros: col.text().as('(extract(epoch FROM {a}.opened_at) * 1000000)::bigint::text'),
});
const CounterRow = rowShape('case_reference_counters', { last_value: col.int() });
const InsertedRow = rowShape('cases', { id: col.uuid(), version: col.int() });
const ConsentRow = rowShape('consents', {
  purpose: col.text(),
  provider_types: col.textArray(),
  provider_ids: col.textArray(),
  shared_fields: col.textArray(),
  method: col.text(),
  given_by: col.text(),
});
const NoteRow = rowShape('notes', { text_enc: col.text() });

const headOf = (r: ReturnType<typeof HeadRow.parse>): CaseHead => ({
  id: r.id,
  reference: r.reference,
  organizationId: r.organization_id,
  status: r.status,
  assigneeId: r.assignee_id,
  restricted: r.restricted,
  createdBy: r.created_by,
  openedAt: r.opened_at,
  version: r.version,
  closureRequestedBy: r.closure_requested_by,
  closureReasonCode: r.closure_reason_code,
  closureRequestedAt: r.closure_requested_at,
});

/**
 * CaseRepository.findHead, also callable without the repository instance (CaseFileAccess.load, kept
 * for the file's services until they take CaseRepository).
 */
export async function findCaseHead(
  q: Queryable,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<CaseHead | undefined> {
  const row = await firstRow(
    q,
    `SELECT ${HeadRow.columns()} FROM cases WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row === undefined ? undefined : headOf(HeadRow.parse(row));
}

/**
 * The cases table (and its reference counters): intake, the case's head for access and workflow decisions,
 * keyset lists under the access filter. Also the rows the intake writes beside the case in tables whose
 * other use cases live elsewhere in the module (its consents, first note and first transition), and the
 * file's read of them.
 */
@Injectable()
export class CaseRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** The next number of a prefix's year, in the caller's (short) transaction: gaps allowed. */
  async nextReferenceNumber(q: Queryable, prefix: string, year: number): Promise<number> {
    const row = await firstRow(
      q,
      `INSERT INTO case_reference_counters (prefix, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (prefix, year) DO UPDATE SET last_value = case_reference_counters.last_value + 1
       RETURNING last_value`,
      [prefix, year],
    );
    return row === undefined ? 1 : CounterRow.parse(row).last_value;
  }

  /** A new case in status intake; its id and version. A reference allocated twice is a programming error. */
  async insertIntake(m: Queryable, c: NewCase): Promise<{ id: string; version: number }> {
    const statement = insertStatement(
      'cases',
      {
        reference: c.reference,
        organization_id: c.organizationId,
        channel: c.channel,
        received_at: c.receivedAt,
        status: 'intake',
        risk_level: c.riskLevel,
        risk_score: c.riskScore,
        context: c.context,
        created_by: c.createdBy,
        record_key: randomInt(0, MAX_RECORD_KEY),
        ...CASE_DATA.sealInsert(this.crypto, {}),
      },
      'id, version',
    );
    let rows: unknown[];
    try {
      rows = await run(m, statement);
    } catch (err) {
      if (isUniqueViolation(err)) throw new Error('case reference allocated twice', { cause: err });
      throw err;
    }
    const [row] = InsertedRow.parseAll(rows);
    if (!row) throw new Error('case insert returned nothing');
    return row;
  }

  /** The case's head, or undefined; `lock` takes its row lock in the caller's transaction. */
  findHead(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<CaseHead | undefined> {
    return findCaseHead(q, id, opts);
  }

  /** The case's own fields for its file, or undefined. */
  async findFileHead(q: Queryable, id: string): Promise<CaseFileHead | undefined> {
    const raw = await firstRow(q, `SELECT ${FileHeadRow.columns()} FROM cases WHERE id = $1`, [id]);
    if (raw === undefined) return undefined;
    const r = FileHeadRow.parse(raw);
    return {
      ...headOf(r),
      channel: r.channel,
      receivedAt: r.received_at,
      riskLevel: r.risk_level,
      context: r.context,
      updatedAt: r.updated_at,
    };
  }

  /** Stores the derived context recomputed by the intake rules. */
  async setContext(m: Queryable, id: string, context: string[]): Promise<void> {
    await run(
      m,
      updateStatement('cases', { context }, (p) => `id = ${p.add(id)}`),
    );
  }

  /**
   * One keyset page, newest opened first, of the cases `access` keeps (its placeholders start at $1) and
   * `criteria` narrows; `after` is the last row's [micros, id] of the previous page; limit + 1 rows.
   */
  async pageByAccess(
    q: Queryable,
    access: AccessFilter,
    criteria: CaseCriteria,
    after: readonly string[] | undefined,
    limit: number,
  ): Promise<CaseSummary[]> {
    // Every placeholder is cast: the sink gives one placeholder to equal values, which may meet in
    // several conditions (the same text as a reference and an id), so none relies on type inference.
    const p = new PositionalParams(access.params.length + 1);
    // A merged case (issue 15) leaves every list: its reference finds its successor (CaseListService).
    const where = [`(${access.sql})`, `c.status <> 'merged'`];
    if (criteria.status !== undefined) where.push(`c.status = ${p.add(criteria.status)}::text`);
    if (criteria.riskLevel !== undefined) where.push(`c.risk_level = ${p.add(criteria.riskLevel)}::text`);
    if (criteria.assigneeId === null) where.push('c.assignee_id IS NULL');
    else if (criteria.assigneeId !== undefined)
      where.push(`c.assignee_id = ${p.add(criteria.assigneeId)}::uuid`);
    if (criteria.reference !== undefined) where.push(`c.reference = ${p.add(criteria.reference)}::text`);
    // Narrows what the access filter allows (the operator's own recent cases): never widens it.
    if (criteria.createdBy !== undefined) where.push(`c.created_by = ${p.add(criteria.createdBy)}::uuid`);
    if (criteria.openedSince !== undefined) {
      where.push(`c.opened_at >= ${p.add(criteria.openedSince)}::timestamptz`);
    }
    if (criteria.survivorPhoneIndex !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM survivors s WHERE s.case_id = c.id AND s.phone_indexes @> ARRAY[${p.add(criteria.survivorPhoneIndex)}]::text[])`,
      );
    }
    if (criteria.survivorNationalIdIndex !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM survivors s WHERE s.case_id = c.id AND s.national_id_index = ${p.add(criteria.survivorNationalIdIndex)}::text)`,
      );
    }
    if (after) {
      where.push(
        `((extract(epoch FROM c.opened_at) * 1000000)::bigint, c.id) < (${p.add(after[0] ?? '')}::bigint, ${p.add(after[1] ?? '')}::uuid)`,
      );
    }
    const rows = await rowsOf(
      q,
      `SELECT ${SummaryRow.columns('c')} FROM cases c WHERE ${where.join(' AND ')}
        ORDER BY c.opened_at DESC, c.id DESC LIMIT ${p.add(limit + 1)}`,
      [...access.params, ...p.values],
    );
    return SummaryRow.parseAll(rows).map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      riskLevel: r.risk_level,
      assigneeId: r.assignee_id,
      openedAt: r.opened_at,
      updatedAt: r.updated_at,
      micros: r.micros,
    }));
  }

  // --- the rows the intake writes beside the case ----------------------------------------------------

  /** The consents given at intake. */
  async insertIntakeConsents(
    m: Queryable,
    caseId: string,
    consents: readonly IntakeConsent[],
    recordedBy: string,
  ): Promise<void> {
    for (const c of consents) {
      await run(
        m,
        insertStatement('consents', {
          case_id: caseId,
          purpose: c.purpose,
          provider_types: c.providerTypes,
          provider_ids: c.providerIds,
          shared_fields: c.sharedFields,
          method: c.method,
          given_by: c.givenBy,
          recorded_by: recordedBy,
          ...CONSENT_DATA.sealInsert(this.crypto, {}),
        }),
      );
    }
  }

  /** The intake's note. */
  async insertIntakeNote(m: Queryable, caseId: string, text: string, createdBy: string): Promise<void> {
    await run(
      m,
      insertStatement('notes', {
        case_id: caseId,
        created_by: createdBy,
        ...NOTE_DATA.sealInsert(this.crypto, { text }),
      }),
    );
  }

  /** The case's first transition: into intake. */
  async insertIntakeTransition(m: Queryable, caseId: string, actorId: string): Promise<void> {
    await run(
      m,
      insertStatement('case_transitions', {
        case_id: caseId,
        from_status: null,
        to_status: 'intake',
        actor_id: actorId,
        ...TRANSITION_DATA.sealInsert(this.crypto, {}),
      }),
    );
  }

  /** The consents in force, oldest first (the file's view). */
  async activeConsents(q: Queryable, caseId: string): Promise<IntakeConsent[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${ConsentRow.columns()} FROM consents WHERE case_id = $1 AND withdrawn_at IS NULL
        ORDER BY given_at, id`,
      [caseId],
    );
    return ConsentRow.parseAll(rows).map((r) => ({
      purpose: r.purpose,
      providerTypes: r.provider_types,
      providerIds: r.provider_ids,
      sharedFields: r.shared_fields,
      method: r.method,
      givenBy: r.given_by,
    }));
  }

  /** The text of the case's first note (the intake's), if any. */
  async firstNoteText(q: Queryable, caseId: string): Promise<string | undefined> {
    const row = await firstRow(
      q,
      `SELECT text_enc FROM notes WHERE case_id = $1 ORDER BY created_at, id LIMIT 1`,
      [caseId],
    );
    return row === undefined
      ? undefined
      : (NOTE_DATA.open(this.crypto, NoteRow.parse(row)).text ?? undefined);
  }
}
