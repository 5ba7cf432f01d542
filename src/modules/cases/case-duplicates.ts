import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../platform/crypto';
import { Queryable } from '../../platform/database';
import type { DuplicateDto } from './dto/case.dto';
import { SurvivorRepository } from './repositories/survivor.repository';

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
  constructor(
    private readonly crypto: CryptoService,
    private readonly survivors: SurvivorRepository,
  ) {}

  async find(
    m: Queryable,
    organizationId: string,
    keys: DuplicateKeys,
    excludeCaseId?: string,
  ): Promise<DuplicateDto[]> {
    const phones = (keys.phones ?? []).map((p) => this.crypto.blindIndex('phone', p));
    const nationalId = keys.nationalId ? this.crypto.blindIndex('national_id', keys.nationalId) : null;
    const nameBirthYear = keys.nameBirthYearIndex ?? null;
    if (phones.length === 0 && !nationalId && !nameBirthYear) return [];
    return this.survivors.findDuplicates(
      m,
      organizationId,
      { phones, nationalId, nameBirthYear },
      excludeCaseId,
    );
  }
}
