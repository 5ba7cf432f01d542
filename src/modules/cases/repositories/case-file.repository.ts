import { Injectable } from '@nestjs/common';
import { CryptoService, PlainPatch } from '../../../platform/crypto';
import {
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  run,
  SqlValue,
  updateStatement,
} from '../../../platform/database';
import { REPORTER_DATA, RISK_ASSESSMENT_DATA, SURVIVOR_DATA } from '../cases.personal-data';

/** A survivor's fields in the clear (statistics and safe-contact flags); undefined = unchanged. */
export interface SurvivorFacts {
  sex?: string;
  ageGroup?: string | null;
  communeCode?: string;
  disability?: boolean;
  ethnicMinority?: boolean;
  maritalStatus?: string;
  occupationGroup?: string;
  canCall?: boolean;
  canText?: boolean;
  canLeaveMessage?: boolean;
  phoneSharedWithPerpetrator?: boolean;
}

/** A partial update of the survivor: the clear fields and the protected ones (SURVIVOR_DATA's names). */
export interface SurvivorPatch {
  facts: SurvivorFacts;
  personal: PlainPatch<typeof SURVIVOR_DATA.fields>;
}

const NAME_YEAR = rowShape('survivors (name, birth year)', {
  full_name_enc: col.text().orNull(),
  birth_year_enc: col.text().orNull(),
});
const ID = rowShape('risk_assessments (id)', { id: col.uuid() });

const FACT_COLUMNS: Record<keyof SurvivorFacts, string> = {
  sex: 'sex',
  ageGroup: 'age_group',
  communeCode: 'commune_code',
  disability: 'disability',
  ethnicMinority: 'ethnic_minority',
  maritalStatus: 'marital_status',
  occupationGroup: 'occupation_group',
  canCall: 'can_call',
  canText: 'can_text',
  canLeaveMessage: 'can_leave_message',
  phoneSharedWithPerpetrator: 'phone_shared_with_perpetrator',
};

/**
 * The file's changes after intake to the survivor, the reporter and the risk assessments (the case's
 * incidents are read through IncidentRepository). Protected fields go through SURVIVOR_DATA, REPORTER_DATA and RISK_ASSESSMENT_DATA.
 */
@Injectable()
export class CaseFileRepository {
  constructor(private readonly crypto: CryptoService) {}

  /**
   * Writes the fields given (nothing when none is). The name + birth year index needs both values: when
   * one of them changes, the other is read as stored and written with it, so the index is recomputed.
   */
  async patchSurvivor(m: Queryable, caseId: string, patch: SurvivorPatch): Promise<void> {
    const personal = { ...patch.personal };
    if (personal.fullName !== undefined || personal.birthYear !== undefined) {
      const stored = await this.storedNameAndBirthYear(m, caseId);
      if (personal.fullName === undefined) personal.fullName = stored.fullName;
      if (personal.birthYear === undefined) personal.birthYear = stored.birthYear;
    }
    const set: Record<string, SqlValue | undefined> = {};
    for (const [field, column] of Object.entries(FACT_COLUMNS)) {
      set[column] = patch.facts[field as keyof SurvivorFacts];
    }
    Object.assign(set, SURVIVOR_DATA.sealPatch(this.crypto, personal));
    if (Object.values(set).every((v) => v === undefined)) return;
    await run(
      m,
      updateStatement('survivors', set, (p) => `case_id = ${p.add(caseId)}`),
    );
  }

  private async storedNameAndBirthYear(
    m: Queryable,
    caseId: string,
  ): Promise<{ fullName: string | null; birthYear: number | null }> {
    const raw = await firstRow(m, `SELECT ${NAME_YEAR.columns()} FROM survivors WHERE case_id = $1`, [
      caseId,
    ]);
    const row = raw === undefined ? { full_name_enc: null, birth_year_enc: null } : NAME_YEAR.parse(raw);
    return {
      fullName: SURVIVOR_DATA.openOne(this.crypto, 'fullName', row.full_name_enc),
      birthYear: SURVIVOR_DATA.openOne(this.crypto, 'birthYear', row.birth_year_enc),
    };
  }

  /** The reporter of the case, written whole (inserted, or replacing the one recorded). */
  async replaceReporter(
    m: Queryable,
    caseId: string,
    r: { relationship: string; fullName: string | undefined; phone: string | undefined },
  ): Promise<void> {
    const insert = insertStatement('reporters', {
      case_id: caseId,
      relationship: r.relationship,
      ...REPORTER_DATA.sealInsert(this.crypto, { fullName: r.fullName ?? null, phone: r.phone ?? null }),
    });
    const replaced = ['relationship', ...REPORTER_DATA.columns].map((c) => `${c} = EXCLUDED.${c}`);
    await m.query(`${insert.text} ON CONFLICT (case_id) DO UPDATE SET ${replaced.join(', ')}`, insert.values);
  }

  /** A new risk assessment of the case; its id. */
  async insertRiskAssessment(
    m: Queryable,
    a: { caseId: string; answers: Record<string, unknown>; score: number; level: string; assessedBy: string },
  ): Promise<string> {
    const [raw] = await run(
      m,
      insertStatement(
        'risk_assessments',
        {
          case_id: a.caseId,
          score: a.score,
          level: a.level,
          assessed_by: a.assessedBy,
          ...RISK_ASSESSMENT_DATA.sealInsert(this.crypto, { answers: a.answers }),
        },
        ID.columns(),
      ),
    );
    if (!raw) throw new Error('risk assessment not written');
    return ID.parse(raw).id;
  }
}
