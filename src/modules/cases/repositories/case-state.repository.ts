import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import {
  col,
  firstRow,
  Queryable,
  rowShape,
  rowsOf,
  run,
  SqlValue,
  updateStatement,
} from '../../../platform/database';
import { DomainError } from '../../../platform/http';
import { CASE_DATA } from '../cases.personal-data';

/** The case as read before a versioned write: its id and the version the caller decided on. */
export interface CaseVersion {
  id: string;
  version: number;
}

/** A case returned to the unassigned queue. */
export interface UnassignedCase {
  id: string;
  reference: string;
  organizationId: string;
}

const VERSION = rowShape('cases (version)', { version: col.int() });
const UNASSIGNED = rowShape('cases (unassigned)', {
  id: col.uuid(),
  reference: col.text(),
  organization_id: col.uuid(),
});
const CLOSURE_TEXT = rowShape('cases (closure text)', { closure_reason_text_enc: col.text().orNull() });

const BUMP = ['version = version + 1', 'updated_at = now()'];

/**
 * The writes of the file and its workflow to the case row (table cases): status, assignment, restriction,
 * the pending closure request, risk level, and the version every change of the file bumps. The versioned
 * writes answer 409 VERSION_CONFLICT when the case changed since it was read.
 */
@Injectable()
export class CaseStateRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** A change of the case that was read at `at.version`; the new version, or VERSION_CONFLICT. */
  private async versioned(
    m: Queryable,
    at: CaseVersion,
    set: Record<string, SqlValue | undefined>,
    extraSet: string[] = [],
  ): Promise<number> {
    const [raw] = await run(
      m,
      updateStatement('cases', set, (p) => `id = ${p.add(at.id)} AND version = ${p.add(at.version)}`, {
        returning: VERSION.columns(),
        extraSet: [...extraSet, ...BUMP],
      }),
    );
    if (raw === undefined) throw new DomainError('VERSION_CONFLICT');
    return VERSION.parse(raw).version;
  }

  /** The file's partial update: the channel when given, and the version. */
  updateChannel(m: Queryable, at: CaseVersion, channel: string | undefined): Promise<number> {
    return this.versioned(m, at, { channel });
  }

  setStatus(m: Queryable, at: CaseVersion, status: string): Promise<number> {
    return this.versioned(m, at, { status });
  }

  /** The pending closure request kept on the case row until a supervisor decides. */
  requestClosure(
    m: Queryable,
    at: CaseVersion,
    r: { requestedBy: string; reasonCode: string; reasonText: string | null },
  ): Promise<number> {
    return this.versioned(
      m,
      at,
      {
        closure_requested_by: r.requestedBy,
        closure_reason_code: r.reasonCode,
        ...CASE_DATA.sealPatch(this.crypto, { closureReasonText: r.reasonText }),
      },
      ['closure_requested_at = now()'],
    );
  }

  /** The decided state, closed_at when it is closed, and the pending request cleared. */
  decideClosure(m: Queryable, at: CaseVersion, status: string): Promise<number> {
    return this.versioned(
      m,
      at,
      {
        status,
        closure_requested_by: null,
        closure_reason_code: null,
        closure_requested_at: null,
        ...CASE_DATA.sealPatch(this.crypto, { closureReasonText: null }),
      },
      status === 'closed' ? ['closed_at = now()'] : [],
    );
  }

  assign(m: Queryable, at: CaseVersion, assigneeId: string): Promise<number> {
    return this.versioned(m, at, { assignee_id: assigneeId });
  }

  setRestricted(m: Queryable, at: CaseVersion, restricted: boolean): Promise<number> {
    return this.versioned(m, at, { restricted });
  }

  /** A change of the file's parts (a note, a consent, a measure, an incident): the new version. */
  async touch(m: Queryable, caseId: string): Promise<number | undefined> {
    const [raw] = await run(
      m,
      updateStatement('cases', {}, (p) => `id = ${p.add(caseId)}`, {
        returning: VERSION.columns(),
        extraSet: BUMP,
      }),
    );
    return raw === undefined ? undefined : VERSION.parse(raw).version;
  }

  /** The latest risk assessment's level and score on the case row. */
  async recordRisk(m: Queryable, caseId: string, risk: { level: string; score: number }): Promise<void> {
    await run(
      m,
      updateStatement(
        'cases',
        { risk_level: risk.level, risk_score: risk.score },
        (p) => `id = ${p.add(caseId)}`,
        { extraSet: BUMP },
      ),
    );
  }

  /** The user's open cases lose their assignee; the cases changed, by id. */
  async unassignOpenCasesOf(m: Queryable, userId: string): Promise<UnassignedCase[]> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE cases SET assignee_id = NULL, ${BUMP.join(', ')}
                   WHERE assignee_id = $1 AND status <> 'closed'
                   RETURNING ${UNASSIGNED.columns()})
       SELECT ${UNASSIGNED.columns()} FROM u ORDER BY id`,
      [userId],
    );
    return UNASSIGNED.parseAll(rows).map((r) => ({
      id: r.id,
      reference: r.reference,
      organizationId: r.organization_id,
    }));
  }

  /** The free text of the pending closure request, decrypted, or null. */
  async closureReasonText(m: Queryable, caseId: string): Promise<string | null> {
    const raw = await firstRow(m, `SELECT ${CLOSURE_TEXT.columns()} FROM cases WHERE id = $1`, [caseId]);
    if (raw === undefined) return null;
    return CASE_DATA.openOne(
      this.crypto,
      'closureReasonText',
      CLOSURE_TEXT.parse(raw).closure_reason_text_enc,
    );
  }
}
