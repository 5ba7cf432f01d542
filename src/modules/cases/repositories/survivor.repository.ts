import { Injectable } from '@nestjs/common';
import { CryptoService, Opened, PlainPatch } from '../../../platform/crypto';
import { col, firstRow, insertStatement, Queryable, rowShape, rowsOf, run } from '../../../platform/database';
import { SURVIVOR_DATA } from '../cases.personal-data';

type SurvivorFields = typeof SURVIVOR_DATA.fields;

/** The survivor's columns that are not personal data (statistics, safe-contact flags). */
export interface SurvivorFacts {
  sex: string;
  ageGroup: string | null;
  communeCode: string | null;
  disability: boolean | null;
  ethnicMinority: boolean | null;
  maritalStatus: string | null;
  occupationGroup: string | null;
  canCall: boolean | null;
  canText: boolean | null;
  canLeaveMessage: boolean | null;
  phoneSharedWithPerpetrator: boolean | null;
}

/** A survivor as stored: the plain facts and the declared personal data, decrypted. */
export type Survivor = SurvivorFacts & Opened<SurvivorFields>;

/** The survivor's birth facts (decrypted) and when the case was reported. */
export interface BirthFacts {
  birthYear: number | null;
  dateOfBirth: string | null;
  ageGroup: string | null;
  receivedAt: Date;
}

/** Blind indexes a duplicate lookup matches on; an absent one matches nothing. */
export interface DuplicateIndexes {
  phones: string[];
  nationalId: string | null;
  nameBirthYear: string | null;
}

const FactsRow = rowShape('survivors', {
  sex: col.text(),
  age_group: col.text().orNull(),
  commune_code: col.text().orNull(),
  disability: col.bool().orNull(),
  ethnic_minority: col.bool().orNull(),
  marital_status: col.text().orNull(),
  occupation_group: col.text().orNull(),
  can_call: col.bool().orNull(),
  can_text: col.bool().orNull(),
  can_leave_message: col.bool().orNull(),
  phone_shared_with_perpetrator: col.bool().orNull(),
});
const BirthRow = rowShape('survivors', {
  birth_year_enc: col.text().orNull(),
  date_of_birth_enc: col.text().orNull(),
  age_group: col.text().orNull(),
  received_at: col.time(),
});
const DuplicateRow = rowShape('cases', { reference: col.text(), status: col.text() });

/** The survivors table: one row per case. */
@Injectable()
export class SurvivorRepository {
  constructor(private readonly crypto: CryptoService) {}

  /** The survivor of a new case; personal data sealed through SURVIVOR_DATA. */
  async insertIntake(
    m: Queryable,
    caseId: string,
    facts: SurvivorFacts,
    personal: PlainPatch<SurvivorFields>,
  ): Promise<void> {
    await run(
      m,
      insertStatement('survivors', {
        case_id: caseId,
        sex: facts.sex,
        age_group: facts.ageGroup,
        commune_code: facts.communeCode,
        disability: facts.disability,
        ethnic_minority: facts.ethnicMinority,
        marital_status: facts.maritalStatus,
        occupation_group: facts.occupationGroup,
        can_call: facts.canCall,
        can_text: facts.canText,
        can_leave_message: facts.canLeaveMessage,
        phone_shared_with_perpetrator: facts.phoneSharedWithPerpetrator,
        ...SURVIVOR_DATA.sealInsert(this.crypto, personal),
      }),
    );
  }

  /** The case's survivor, decrypted; undefined when the case has none. */
  async findByCase(q: Queryable, caseId: string): Promise<Survivor | undefined> {
    const row = await firstRow<Record<string, unknown>>(
      q,
      `SELECT ${FactsRow.columns()}, ${SURVIVOR_DATA.selectList()} FROM survivors WHERE case_id = $1`,
      [caseId],
    );
    if (row === undefined) return undefined;
    const f = FactsRow.parse(row);
    return {
      sex: f.sex,
      ageGroup: f.age_group,
      communeCode: f.commune_code,
      disability: f.disability,
      ethnicMinority: f.ethnic_minority,
      maritalStatus: f.marital_status,
      occupationGroup: f.occupation_group,
      canCall: f.can_call,
      canText: f.can_text,
      canLeaveMessage: f.can_leave_message,
      phoneSharedWithPerpetrator: f.phone_shared_with_perpetrator,
      ...SURVIVOR_DATA.open(this.crypto, row),
    };
  }

  /** The survivor's birth facts and the case's report time; undefined when the case does not exist. */
  async findBirthFacts(q: Queryable, caseId: string): Promise<BirthFacts | undefined> {
    const raw = await firstRow(
      q,
      `SELECT s.birth_year_enc, s.date_of_birth_enc, s.age_group, c.received_at
         FROM cases c LEFT JOIN survivors s ON s.case_id = c.id WHERE c.id = $1`,
      [caseId],
    );
    if (raw === undefined) return undefined;
    const r = BirthRow.parse(raw);
    return {
      birthYear: SURVIVOR_DATA.openOne(this.crypto, 'birthYear', r.birth_year_enc),
      dateOfBirth: SURVIVOR_DATA.openOne(this.crypto, 'dateOfBirth', r.date_of_birth_enc),
      ageGroup: r.age_group,
      receivedAt: r.received_at,
    };
  }

  /**
   * Earlier cases of one organisation whose survivor matches any of the blind indexes, newest first
   * (at most 20), `excludeCaseId` left out: references and status only.
   */
  async findDuplicates(
    q: Queryable,
    organizationId: string,
    ix: DuplicateIndexes,
    excludeCaseId?: string,
  ): Promise<{ reference: string; status: string }[]> {
    const rows = await rowsOf(
      q,
      `SELECT c.reference, c.status FROM cases c JOIN survivors s ON s.case_id = c.id
        WHERE c.organization_id = $1 AND ($2::uuid IS NULL OR c.id <> $2::uuid) AND c.status <> 'merged'
          AND (s.phone_indexes && $3::text[] OR s.national_id_index = $4 OR s.name_birth_year_index = $5)
        ORDER BY c.opened_at DESC, c.id LIMIT 20`,
      [organizationId, excludeCaseId ?? null, ix.phones, ix.nationalId, ix.nameBirthYear],
    );
    return DuplicateRow.parseAll(rows).map((r) => ({ reference: r.reference, status: r.status }));
  }
}
