import { Injectable } from '@nestjs/common';
import { col, firstRow, Queryable, rowShape, run, updateStatement } from '../../../platform/database';
import { DomainError } from '../../../platform/http';
import { CaseIncident, factsOf, IncidentFacts, StoredRow } from './incident.repository';

const VERSION = rowShape('incidents (version)', { version: col.int() });

/** An incident's correction after intake (table incidents), versioned. */
@Injectable()
export class IncidentCorrectionRepository {
  /** The case's incident, locked for the correction, or null. */
  async findForUpdate(m: Queryable, caseId: string, incidentId: string): Promise<CaseIncident | null> {
    const raw = await firstRow(
      m,
      `SELECT ${StoredRow.columns()} FROM incidents WHERE id = $1 AND case_id = $2 FOR UPDATE`,
      [incidentId, caseId],
    );
    if (raw === undefined) return null;
    const r = StoredRow.parse(raw);
    return { id: r.id, ...factsOf(r), createdBy: r.created_by, createdAt: r.created_at, version: r.version };
  }

  /** Writes the corrected facts read at `at.version`: the new version, or VERSION_CONFLICT. */
  async correct(
    m: Queryable,
    at: { id: string; version: number },
    i: IncidentFacts,
    by: string,
  ): Promise<number> {
    const [raw] = await run(
      m,
      updateStatement(
        'incidents',
        {
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
          updated_by: by,
        },
        (p) => `id = ${p.add(at.id)} AND version = ${p.add(at.version)}`,
        { returning: VERSION.columns(), extraSet: ['version = version + 1', 'updated_at = now()'] },
      ),
    );
    if (raw === undefined) throw new DomainError('VERSION_CONFLICT');
    return VERSION.parse(raw).version;
  }
}
