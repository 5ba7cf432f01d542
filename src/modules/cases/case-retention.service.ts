import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import { enc } from './cases.crypto';

/** A closed case whose retention period is over: ids, reference and dates only. */
export interface RetentionDueCase {
  id: string;
  reference: string;
  organizationId: string;
  closedAt: Date;
}

/** What anonymising one case changed in the case module's tables (row counts, no content). */
export interface CaseAnonymisation {
  survivors: number;
  reporters: number;
  notes: number;
  riskAssessments: number;
  consents: number;
  protectionMeasures: number;
  transitions: number;
  closureRequests: number;
}

/**
 * Retention for the case module (docs/DESIGN.md §7): destroys the personal data of a closed case — every
 * encrypted column of cases.crypto.ts and the blind indexes that could find the person again — and keeps
 * the statistics columns (sex, age group, disability, commune, incidents, risk level, context, dates).
 * The caller (followups' retention job) holds the transaction; this service never opens one.
 */
@Injectable()
export class CaseRetentionService {
  constructor(private readonly crypto: CryptoService) {}

  /** Closed before `closedBefore` and not yet anonymised, oldest closing first (no lock). */
  async findDue(
    manager: EntityManager,
    opts: { closedBefore: Date; limit: number; excludeIds?: string[] },
  ): Promise<RetentionDueCase[]> {
    const rows = await manager.query<
      { id: string; reference: string; organization_id: string; closed_at: Date }[]
    >(
      `SELECT id, reference, organization_id, closed_at FROM cases
        WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < $1 AND NOT (id = ANY($2::uuid[]))
        ORDER BY closed_at, id LIMIT $3`,
      [opts.closedBefore, opts.excludeIds ?? [], opts.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      organizationId: r.organization_id,
      closedAt: r.closed_at,
    }));
  }

  /** How many cases are due in all. */
  async countDue(manager: EntityManager, closedBefore: Date): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM cases WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < $1`,
      [closedBefore],
    );
    return row?.n ?? 0;
  }

  /**
   * Locks the case for anonymising, inside the caller's transaction: null when it is no longer due or
   * another worker holds it (SKIP LOCKED: two workers never wait on, nor both anonymise, one case).
   */
  async lockDue(
    manager: EntityManager,
    caseId: string,
    closedBefore: Date,
  ): Promise<RetentionDueCase | null> {
    const [row] = await manager.query<
      { id: string; reference: string; organization_id: string; closed_at: Date }[]
    >(
      `SELECT id, reference, organization_id, closed_at FROM cases
        WHERE id = $1 AND status = 'closed' AND anonymised_at IS NULL AND closed_at < $2
        FOR UPDATE SKIP LOCKED`,
      [caseId, closedBefore],
    );
    return row
      ? { id: row.id, reference: row.reference, organizationId: row.organization_id, closedAt: row.closed_at }
      : null;
  }

  /** Destroys the case's personal data and marks it anonymised. Call with the case locked (lockDue). */
  async anonymise(manager: EntityManager, caseId: string): Promise<CaseAnonymisation> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('CaseRetentionService.anonymise must run inside a transaction');
    }
    const count = async (sql: string, params: unknown[]): Promise<number> => {
      const result = await manager.query<[unknown, number]>(sql, params);
      return result[1];
    };
    const survivors = await count(
      `UPDATE survivors SET full_name_enc = NULL, phones_enc = NULL, phone_indexes = '{}', birth_year_enc = NULL,
              date_of_birth_enc = NULL, national_id_enc = NULL, national_id_index = NULL,
              name_birth_year_index = NULL, address_detail_enc = NULL, guardian_enc = NULL,
              guardian_phone_index = NULL, safe_times_enc = NULL, code_word_enc = NULL,
              safe_contact_notes_enc = NULL
        WHERE case_id = $1`,
      [caseId],
    );
    const reporters = await count(
      `UPDATE reporters SET full_name_enc = NULL, phone_enc = NULL, phone_index = NULL WHERE case_id = $1`,
      [caseId],
    );
    // notes.text_enc and risk_assessments.answers_enc are NOT NULL: an encrypted empty value takes the
    // text's place, so the rows (author, time, score, level) stay readable for the statistics.
    const notes = await count(`UPDATE notes SET text_enc = $2 WHERE case_id = $1`, [
      caseId,
      this.crypto.encrypt('', enc('notes', 'text_enc')),
    ]);
    const riskAssessments = await count(`UPDATE risk_assessments SET answers_enc = $2 WHERE case_id = $1`, [
      caseId,
      this.crypto.encrypt('{}', enc('risk_assessments', 'answers_enc')),
    ]);
    const consents = await count(
      `UPDATE consents SET withdrawal_reason_enc = NULL WHERE case_id = $1 AND withdrawal_reason_enc IS NOT NULL`,
      [caseId],
    );
    const protectionMeasures = await count(
      `UPDATE protection_measures SET note_enc = NULL WHERE case_id = $1 AND note_enc IS NOT NULL`,
      [caseId],
    );
    const transitions = await count(
      `UPDATE case_transitions SET reason_text_enc = NULL WHERE case_id = $1 AND reason_text_enc IS NOT NULL`,
      [caseId],
    );
    const closureRequests = await count(
      `UPDATE closure_requests SET reason_text_enc = NULL, decision_reason_enc = NULL
        WHERE case_id = $1 AND (reason_text_enc IS NOT NULL OR decision_reason_enc IS NOT NULL)`,
      [caseId],
    );
    await manager.query(
      `UPDATE cases SET closure_reason_text_enc = NULL, anonymised_at = now(), updated_at = now(),
              version = version + 1
        WHERE id = $1`,
      [caseId],
    );
    return {
      survivors,
      reporters,
      notes,
      riskAssessments,
      consents,
      protectionMeasures,
      transitions,
      closureRequests,
    };
  }
}
