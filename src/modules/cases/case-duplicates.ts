import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto';
import type { DuplicateDto } from './dto/case.dto';

/** Normalised values whose blind indexes are looked up; a missing one matches nothing. */
export interface DuplicateKeys {
  phones?: string[];
  nationalId?: string;
  nameBirthYearIndex?: string | null;
}

/**
 * The one blind-index lookup of earlier cases, used by the intake (after writing) and by the duplicate
 * check during a call: matches within one organisation, newest first, references and status only.
 */
@Injectable()
export class CaseDuplicates {
  constructor(private readonly crypto: CryptoService) {}

  async find(
    m: EntityManager,
    organizationId: string,
    keys: DuplicateKeys,
    excludeCaseId?: string,
  ): Promise<DuplicateDto[]> {
    const phones = (keys.phones ?? []).map((p) => this.crypto.blindIndex('phone', p));
    const nationalId = keys.nationalId ? this.crypto.blindIndex('national_id', keys.nationalId) : null;
    const nameYear = keys.nameBirthYearIndex ?? null;
    if (phones.length === 0 && !nationalId && !nameYear) return [];
    const rows = await m.query<DuplicateDto[]>(
      `SELECT c.reference, c.status FROM cases c JOIN survivors s ON s.case_id = c.id
        WHERE c.organization_id = $1 AND ($2::uuid IS NULL OR c.id <> $2::uuid)
          AND (s.phone_indexes && $3::text[] OR s.national_id_index = $4 OR s.name_birth_year_index = $5)
        ORDER BY c.opened_at DESC, c.id LIMIT 20`,
      [organizationId, excludeCaseId ?? null, phones, nationalId, nameYear],
    );
    return rows.map((r) => ({ reference: r.reference, status: r.status }));
  }
}
