import { Injectable } from '@nestjs/common';
import { col, firstRow, insertStatement, Queryable, rowShape, rowsOf, run } from '../../../platform/database';

/** An incident's facts (no personal data: codes, dates, flags). */
export interface IncidentFacts {
  occurredOn: string | null;
  communeCode: string | null;
  placeType: string | null;
  violenceTypes: string[];
  dvActs: string[];
  perpetratorRelationship: string | null;
  perpetratorSex: string | null;
  perpetratorAgeGroup: string | null;
  perpetratorCount: number | null;
  repeated: boolean | null;
  previouslyReported: boolean | null;
  childrenPresent: boolean | null;
  exchangeInvolved: boolean | null;
}

/** An incident as stored, with who wrote it and when. */
export interface CaseIncident extends IncidentFacts {
  id: string;
  createdBy: string;
  createdAt: Date;
  /** Bumped by each correction (PATCH …/incidents/:incidentId). */
  version: number;
}

/** What the context rules read of each incident. */
export interface IncidentContextFacts {
  violenceTypes: string[];
  perpetratorRelationship: string | null;
  exchangeInvolved: boolean | null;
}

const FACT_COLUMNS = {
  occurred_on: col.text().orNull(),
  commune_code: col.text().orNull(),
  place_type: col.text().orNull(),
  violence_types: col.textArray(),
  dv_acts: col.textArray(),
  perpetrator_relationship: col.text().orNull(),
  perpetrator_sex: col.text().orNull(),
  perpetrator_age_group: col.text().orNull(),
  perpetrator_count: col.int().orNull(),
  repeated: col.bool().orNull(),
  previously_reported: col.bool().orNull(),
  children_present: col.bool().orNull(),
  exchange_involved: col.bool().orNull(),
};
const FactsRow = rowShape('incidents', FACT_COLUMNS);
export const StoredRow = rowShape('incidents', {
  id: col.uuid(),
  ...FACT_COLUMNS,
  created_by: col.uuid(),
  created_at: col.time(),
  version: col.int(),
});
const ContextRow = rowShape('incidents', {
  violence_types: col.textArray(),
  perpetrator_relationship: col.text().orNull(),
  exchange_involved: col.bool().orNull(),
});
const InsertedRow = rowShape('incidents', { id: col.uuid(), created_at: col.time() });

export function factsOf(r: ReturnType<typeof FactsRow.parse>): IncidentFacts {
  return {
    occurredOn: r.occurred_on,
    communeCode: r.commune_code,
    placeType: r.place_type,
    violenceTypes: r.violence_types,
    dvActs: r.dv_acts,
    perpetratorRelationship: r.perpetrator_relationship,
    perpetratorSex: r.perpetrator_sex,
    perpetratorAgeGroup: r.perpetrator_age_group,
    perpetratorCount: r.perpetrator_count,
    repeated: r.repeated,
    previouslyReported: r.previously_reported,
    childrenPresent: r.children_present,
    exchangeInvolved: r.exchange_involved,
  };
}

/** The incidents table. */
@Injectable()
export class IncidentRepository {
  /** Writes one incident of the case; its id and time. */
  async insert(
    m: Queryable,
    caseId: string,
    i: IncidentFacts,
    createdBy: string,
  ): Promise<{ id: string; createdAt: Date }> {
    const rows = await run(
      m,
      insertStatement(
        'incidents',
        {
          case_id: caseId,
          occurred_on: i.occurredOn,
          commune_code: i.communeCode,
          place_type: i.placeType,
          violence_types: i.violenceTypes,
          dv_acts: i.dvActs,
          perpetrator_relationship: i.perpetratorRelationship,
          perpetrator_sex: i.perpetratorSex,
          perpetrator_age_group: i.perpetratorAgeGroup,
          perpetrator_count: i.perpetratorCount,
          repeated: i.repeated,
          previously_reported: i.previouslyReported,
          children_present: i.childrenPresent,
          exchange_involved: i.exchangeInvolved,
          created_by: createdBy,
        },
        'id, created_at',
      ),
    );
    const [row] = InsertedRow.parseAll(rows);
    if (!row) throw new Error('incident not written');
    return { id: row.id, createdAt: row.created_at };
  }

  /** The case's first incident (the intake's), if any. */
  async findFirstOfCase(q: Queryable, caseId: string): Promise<IncidentFacts | undefined> {
    const raw = await firstRow(
      q,
      `SELECT ${FactsRow.columns()} FROM incidents WHERE case_id = $1 ORDER BY created_at, id LIMIT 1`,
      [caseId],
    );
    if (raw === undefined) return undefined;
    return factsOf(FactsRow.parse(raw));
  }

  /** The case's incidents, newest first. */
  async listOfCase(q: Queryable, caseId: string): Promise<CaseIncident[]> {
    const rows = await rowsOf(
      q,
      `SELECT ${StoredRow.columns()} FROM incidents WHERE case_id = $1 ORDER BY created_at DESC, id DESC`,
      [caseId],
    );
    return StoredRow.parseAll(rows).map((r) => ({
      id: r.id,
      ...factsOf(r),
      createdBy: r.created_by,
      createdAt: r.created_at,
      version: r.version,
    }));
  }

  /** What the context rules need of every incident of the case. */
  async contextFactsOfCase(q: Queryable, caseId: string): Promise<IncidentContextFacts[]> {
    const rows = await rowsOf(q, `SELECT ${ContextRow.columns()} FROM incidents WHERE case_id = $1`, [
      caseId,
    ]);
    return ContextRow.parseAll(rows).map((r) => ({
      violenceTypes: r.violence_types,
      perpetratorRelationship: r.perpetrator_relationship,
      exchangeInvolved: r.exchange_involved,
    }));
  }
}
