import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../../platform/crypto';
import { col, firstRow, insertStatement, Queryable, rowShape, rowsOf, run } from '../../../platform/database';
import { PROTECTION_MEASURE_DATA } from '../cases.personal-data';

/** A protection measure's type and dates, for the follow-up module's deadlines (no note). */
export interface MeasureFacts {
  id: string;
  caseId: string;
  /** A key of config/catalogues/protection-measures.yaml. */
  type: string;
  requestedAt: Date | null;
  decidedAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  recordedAt: Date;
}

/** A protection measure as the file shows it, its note decrypted. */
export interface ProtectionMeasure {
  id: string;
  type: string;
  requestedAt: Date | null;
  decidedAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  decidedLate: boolean;
  note: string | null;
}

export interface NewProtectionMeasure {
  caseId: string;
  type: string;
  requestedAt: Date | undefined;
  decidedAt: Date | undefined;
  startsAt: Date | undefined;
  endsAt: Date | undefined;
  decidedLate: boolean;
  note: string | undefined;
  recordedBy: string;
}

const DATES = {
  id: col.uuid(),
  type: col.text(),
  requested_at: col.time().orNull(),
  decided_at: col.time().orNull(),
  starts_at: col.time().orNull(),
  ends_at: col.time().orNull(),
};
const FACTS = rowShape('protection_measures (facts)', {
  ...DATES,
  case_id: col.uuid(),
  recorded_at: col.time(),
});
const MEASURE = rowShape('protection_measures', {
  ...DATES,
  decided_late: col.bool(),
  note_enc: col.text().orNull(),
});
const ID = rowShape('protection_measures (id)', { id: col.uuid() });

/** The protection measures of a case (table protection_measures): the note only through its declaration. */
@Injectable()
export class ProtectionMeasureRepository {
  constructor(private readonly crypto: CryptoService) {}

  async insert(m: Queryable, pm: NewProtectionMeasure): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'protection_measures',
        {
          case_id: pm.caseId,
          type: pm.type,
          requested_at: pm.requestedAt ?? null,
          decided_at: pm.decidedAt ?? null,
          starts_at: pm.startsAt ?? null,
          ends_at: pm.endsAt ?? null,
          decided_late: pm.decidedLate,
          recorded_by: pm.recordedBy,
          ...PROTECTION_MEASURE_DATA.sealInsert(this.crypto, { note: pm.note ?? null }),
        },
        ID.columns(),
      ),
    );
    if (!raw) throw new Error('protection measure not written');
    return ID.parse(raw).id;
  }

  /** The case's measures in the order they were recorded, notes decrypted. */
  async listForCase(m: Queryable, caseId: string): Promise<ProtectionMeasure[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${MEASURE.columns()} FROM protection_measures WHERE case_id = $1 ORDER BY recorded_at, id`,
      [caseId],
    );
    return MEASURE.parseAll(rows).map((r) => ({
      id: r.id,
      type: r.type,
      requestedAt: r.requested_at,
      decidedAt: r.decided_at,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      decidedLate: r.decided_late,
      note: PROTECTION_MEASURE_DATA.openOne(this.crypto, 'note', r.note_enc),
    }));
  }

  /** A measure's type and dates (never its note), or null when unknown. */
  async factsById(m: Queryable, measureId: string): Promise<MeasureFacts | null> {
    const raw = await firstRow(m, `SELECT ${FACTS.columns()} FROM protection_measures WHERE id = $1`, [
      measureId,
    ]);
    if (raw === undefined) return null;
    const r = FACTS.parse(raw);
    return {
      id: r.id,
      caseId: r.case_id,
      type: r.type,
      requestedAt: r.requested_at,
      decidedAt: r.decided_at,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      recordedAt: r.recorded_at,
    };
  }

  /** The ids of the case's measures in force now: started (or decided) with an end still ahead. */
  async inForceIds(m: Queryable, caseId: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${ID.columns()} FROM protection_measures
        WHERE case_id = $1 AND coalesce(starts_at, decided_at) <= now() AND ends_at > now()
        ORDER BY recorded_at, id`,
      [caseId],
    );
    return ID.parseAll(rows).map((r) => r.id);
  }
}
