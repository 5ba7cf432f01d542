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
import { DomainError } from '../../../platform/http';
import { CASE_TRANSFER_DATA } from '../transfers.personal-data';

export const TRANSFER_STATUSES = ['requested', 'accepted', 'declined', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** A transfer's facts, nothing personal: what the decisions and the lists need. */
export interface TransferHead {
  id: string;
  caseId: string;
  reference: string;
  fromOrganizationId: string;
  toOrganizationId: string;
  consentId: string;
  status: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** The case's risk level now (for the receiving supervisor's decision). */
  riskLevel: string | null;
  version: number;
}

/** A transfer as the case file shows it to those who may read the case: with its texts. */
export interface TransferRecord extends TransferHead {
  note: string | null;
  declineReason: string | null;
}

const HEAD = {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  from_organization_id: col.uuid(),
  to_organization_id: col.uuid(),
  consent_id: col.uuid(),
  status: col.text(),
  requested_by: col.uuid(),
  requested_at: col.time(),
  decided_by: col.uuid().orNull(),
  decided_at: col.time().orNull(),
  risk_level: col.text().orNull(),
  version: col.int(),
};
const HEAD_ROW = rowShape('case_transfers (head)', HEAD);
const RECORD_ROW = rowShape('case_transfers (record)', {
  ...HEAD,
  note_enc: col.text().orNull(),
  decline_reason_enc: col.text().orNull(),
});
const CONSENT_STATE = rowShape('consents (transfer)', {
  purpose: col.text(),
  withdrawn_at: col.time().orNull(),
});
const ID = rowShape('case_transfers (id)', { id: col.uuid() });

/** The head's SELECT list over case_transfers t joined to its case c. */
const SELECT_HEAD = `t.id, t.case_id, c.reference, t.from_organization_id, t.to_organization_id, t.consent_id,
  t.status, t.requested_by, t.requested_at, t.decided_by, t.decided_at, c.risk_level, t.version`;
const FROM = `case_transfers t JOIN cases c ON c.id = t.case_id`;

const toHead = (r: ReturnType<typeof HEAD_ROW.parse>): TransferHead => ({
  id: r.id,
  caseId: r.case_id,
  reference: r.reference,
  fromOrganizationId: r.from_organization_id,
  toOrganizationId: r.to_organization_id,
  consentId: r.consent_id,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  riskLevel: r.risk_level,
  version: r.version,
});

export interface NewTransfer {
  caseId: string;
  fromOrganizationId: string;
  toOrganizationId: string;
  consentId: string;
  requestedBy: string;
  note: string | null;
}

/** Which transfers a list shows: the caller's organisation as sender or receiver, and a status. */
export interface TransferListQuery {
  organizationId: string;
  direction: 'incoming' | 'outgoing';
  status?: string;
  /** The access filter (case_transfer.list), compiled over alias t with positional params from 1. */
  access: { sql: string; params: unknown[] };
  limit: number;
}

/**
 * Transfers of cases between organisations (table case_transfers), and the two writes to the case row
 * that an acceptance makes: its organisation, its assignee. The note and the decline reason only through
 * CASE_TRANSFER_DATA.
 */
@Injectable()
export class CaseTransferRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** The new transfer's id; 409 TRANSFER_ALREADY_OPEN when the case has one waiting. */
  async insert(m: Queryable, t: NewTransfer): Promise<string> {
    try {
      const [raw] = await run(
        m,
        insertStatement(
          'case_transfers',
          {
            case_id: t.caseId,
            from_organization_id: t.fromOrganizationId,
            to_organization_id: t.toOrganizationId,
            consent_id: t.consentId,
            requested_by: t.requestedBy,
            ...CASE_TRANSFER_DATA.sealInsert(this.crypto, { note: t.note }),
          },
          'id',
        ),
      );
      return ID.parse(raw).id;
    } catch (e) {
      if (isUniqueViolation(e, 'case_transfers_one_open_uq')) throw new DomainError('TRANSFER_ALREADY_OPEN');
      throw e;
    }
  }

  /** A transfer's head; `lock` takes its row lock. */
  async head(m: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<TransferHead | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${SELECT_HEAD} FROM ${FROM} WHERE t.id = $1${opts.lock ? ' FOR UPDATE OF t' : ''}`,
      [id],
    );
    return raw === undefined ? undefined : toHead(HEAD_ROW.parse(raw));
  }

  /** The transfer of a case that waits for a decision, if any (row locked: the closure decides on it). */
  async openOf(m: Queryable, caseId: string): Promise<string | undefined> {
    const raw = await firstRow(
      m,
      `SELECT id FROM case_transfers WHERE case_id = $1 AND status = 'requested' FOR UPDATE`,
      [caseId],
    );
    return raw === undefined ? undefined : ID.parse(raw).id;
  }

  /** Every transfer of a case, newest first, with its texts decrypted (for those who may read the case). */
  async ofCase(m: Queryable, caseId: string): Promise<TransferRecord[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${SELECT_HEAD}, t.note_enc, t.decline_reason_enc FROM ${FROM}
        WHERE t.case_id = $1 ORDER BY t.requested_at DESC, t.id`,
      [caseId],
    );
    return rows.map((raw) => {
      const r = RECORD_ROW.parse(raw);
      return {
        ...toHead(r),
        note: CASE_TRANSFER_DATA.openOne(this.crypto, 'note', r.note_enc),
        declineReason: CASE_TRANSFER_DATA.openOne(this.crypto, 'declineReason', r.decline_reason_enc),
      };
    });
  }

  /** The organisation's incoming or outgoing transfers, newest first, under the access filter. */
  async list(m: Queryable, q: TransferListQuery): Promise<TransferHead[]> {
    const p = new PositionalParams(q.access.params.length + 1);
    const side = q.direction === 'incoming' ? 't.to_organization_id' : 't.from_organization_id';
    const where = [`(${q.access.sql})`, `${side} = ${p.add(q.organizationId)}`];
    if (q.status) where.push(`t.status = ${p.add(q.status)}`);
    const rows = await rowsOf(
      m,
      `SELECT ${SELECT_HEAD} FROM ${FROM} WHERE ${where.join(' AND ')}
        ORDER BY t.requested_at DESC, t.id LIMIT ${p.add(q.limit)}`,
      [...q.access.params, ...p.values],
    );
    return rows.map((raw) => toHead(HEAD_ROW.parse(raw)));
  }

  /** The decision on a waiting transfer; false when it no longer waits. */
  async decide(
    m: Queryable,
    id: string,
    d: { status: Exclude<TransferStatus, 'requested'>; decidedBy: string; declineReason?: string | null },
  ): Promise<boolean> {
    const rows = await run(
      m,
      updateStatement(
        'case_transfers',
        {
          status: d.status,
          decided_by: d.decidedBy,
          ...CASE_TRANSFER_DATA.sealPatch(this.crypto, { declineReason: d.declineReason ?? null }),
        },
        (p) => `id = ${p.add(id)} AND status = 'requested'`,
        { returning: 'id', extraSet: ['decided_at = now()', 'version = version + 1'] },
      ),
    );
    return rows.length === 1;
  }

  /** The consent's purpose and withdrawal, when it is a consent of this case. */
  async consentOf(
    m: Queryable,
    caseId: string,
    consentId: string,
  ): Promise<{ purpose: string; withdrawnAt: Date | null } | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${CONSENT_STATE.columns()} FROM consents WHERE id = $1 AND case_id = $2`,
      [consentId, caseId],
    );
    if (raw === undefined) return undefined;
    const r = CONSENT_STATE.parse(raw);
    return { purpose: r.purpose, withdrawnAt: r.withdrawn_at };
  }

  /**
   * The accepted case changes organisation: its assignee becomes `assigneeId` (null: the receiving
   * supervisors assign it), version + 1. The supervisors named on a restricted case are set by the caller
   * (CaseSharingRepository.nameRestrictedSupervisors).
   */
  async moveCase(
    m: Queryable,
    caseId: string,
    toOrganizationId: string,
    assigneeId: string | null,
  ): Promise<number> {
    const [raw] = await run(
      m,
      updateStatement(
        'cases',
        { organization_id: toOrganizationId, assignee_id: assigneeId },
        (p) => `id = ${p.add(caseId)}`,
        { returning: 'version', extraSet: ['version = version + 1', 'updated_at = now()'] },
      ),
    );
    if (raw === undefined) throw new DomainError('NOT_FOUND');
    return rowShape('cases (version)', { version: col.int() }).parse(raw).version;
  }
}
