import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { AuditService } from '../audit';
import { CaseFileAccess } from './case-file-access';
import { CaseIntakeRules } from './case-intake';
import { assertIntakeDates } from './domain/dates';
import { IncidentDto } from './dto/case.dto';
import { IncidentCorrectedDto, IncidentCorrectionDto } from './dto/incident-correction.dto';
import { CaseStateRepository } from './repositories/case-state.repository';
import { IncidentCorrectionRepository } from './repositories/incident-correction.repository';
import { CaseIncident, IncidentFacts } from './repositories/incident.repository';

const opt = <T>(v: T | null): T | undefined => v ?? undefined;

function asDto(i: CaseIncident): IncidentDto {
  return {
    occurredOn: opt(i.occurredOn),
    communeCode: opt(i.communeCode),
    placeType: opt(i.placeType),
    violenceTypes: i.violenceTypes,
    dvActs: i.dvActs,
    perpetrator: {
      relationship: opt(i.perpetratorRelationship),
      sex: opt(i.perpetratorSex),
      ageGroup: opt(i.perpetratorAgeGroup),
      count: opt(i.perpetratorCount),
    },
    repeated: opt(i.repeated),
    previouslyReported: opt(i.previouslyReported),
    childrenPresent: opt(i.childrenPresent),
    exchangeInvolved: opt(i.exchangeInvolved),
  };
}

function factsOf(d: IncidentDto): IncidentFacts {
  return {
    occurredOn: d.occurredOn ?? null,
    communeCode: d.communeCode ?? null,
    placeType: d.placeType ?? null,
    violenceTypes: d.violenceTypes,
    dvActs: d.dvActs ?? [],
    perpetratorRelationship: d.perpetrator?.relationship ?? null,
    perpetratorSex: d.perpetrator?.sex ?? null,
    perpetratorAgeGroup: d.perpetrator?.ageGroup ?? null,
    perpetratorCount: d.perpetrator?.count ?? null,
    repeated: d.repeated ?? null,
    previouslyReported: d.previouslyReported ?? null,
    childrenPresent: d.childrenPresent ?? null,
    exchangeInvolved: d.exchangeInvolved ?? null,
  };
}

/** The stored incident with the fields the correction gives (a perpetrator given replaces the whole). */
function mergeCorrection(stored: IncidentDto, c: IncidentCorrectionDto): IncidentDto {
  return {
    occurredOn: c.occurredOn ?? stored.occurredOn,
    communeCode: c.communeCode ?? stored.communeCode,
    placeType: c.placeType ?? stored.placeType,
    violenceTypes: c.violenceTypes ?? stored.violenceTypes,
    dvActs: c.dvActs ?? stored.dvActs,
    perpetrator: c.perpetrator ?? stored.perpetrator,
    repeated: c.repeated ?? stored.repeated,
    previouslyReported: c.previouslyReported ?? stored.previouslyReported,
    childrenPresent: c.childrenPresent ?? stored.childrenPresent,
    exchangeInvolved: c.exchangeInvolved ?? stored.exchangeInvolved,
  };
}

/** The names of the fields whose stored value changes (for the audit row: names, never values). */
export function changedIncidentFields(before: IncidentFacts, after: IncidentFacts): string[] {
  const names: Record<keyof IncidentFacts, string> = {
    occurredOn: 'occurredOn',
    communeCode: 'communeCode',
    placeType: 'placeType',
    violenceTypes: 'violenceTypes',
    dvActs: 'dvActs',
    perpetratorRelationship: 'perpetrator.relationship',
    perpetratorSex: 'perpetrator.sex',
    perpetratorAgeGroup: 'perpetrator.ageGroup',
    perpetratorCount: 'perpetrator.count',
    repeated: 'repeated',
    previouslyReported: 'previouslyReported',
    childrenPresent: 'childrenPresent',
    exchangeInvolved: 'exchangeInvolved',
  };
  return (Object.keys(names) as (keyof IncidentFacts)[])
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => names[k]);
}

/**
 * An incident corrected after intake (issue 15, item 5): the stored incident with the fields given,
 * checked as at intake (catalogue keys, commune in force, dates), written with the incident's version
 * (409 when stale); the derived context is recomputed, the case's version bumped (the house rule for a
 * change of the file's parts) and the correction audited with the ids and the changed fields' names.
 */
@Injectable()
export class IncidentCorrectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly file: CaseFileAccess,
    private readonly rules: CaseIntakeRules,
    private readonly incidents: IncidentCorrectionRepository,
    private readonly cases: CaseStateRepository,
  ) {}

  async correct(
    actor: Actor,
    id: string,
    incidentId: string,
    dto: IncidentCorrectionDto,
  ): Promise<IncidentCorrectedDto> {
    const c = await this.file.guard(actor, id, 'case.update');
    await this.rules.checkCommune(dto.communeCode, 'communeCode');
    return this.dataSource.transaction(async (m) => {
      const stored = await this.incidents.findForUpdate(m, id, incidentId);
      if (!stored) throw new DomainError('NOT_FOUND');
      const merged = mergeCorrection(asDto(stored), dto);
      this.rules.checkIncident(merged, '');
      const birth = await this.rules.storedBirthFacts(m, id);
      assertIntakeDates(
        {
          receivedAt: birth.receivedAt,
          birthYear: birth.birthYear,
          dateOfBirth: birth.dateOfBirth,
          incidents: [{ occurredOn: merged.occurredOn, field: 'occurredOn', reportedAt: stored.createdAt }],
        },
        new Date(),
      );
      const after = factsOf(merged);
      const fields = changedIncidentFields(stored, after);
      const newVersion = await this.incidents.correct(
        m,
        { id: incidentId, version: dto.version },
        after,
        actor.user.id,
      );
      const context = await this.rules.recomputeContext(m, id);
      const caseVersion = (await this.cases.touch(m, id)) ?? c.version + 1;
      await this.audit.record(m, {
        action: 'case.incident_corrected',
        actor: actor.user,
        entityType: 'incident',
        entityId: incidentId,
        caseId: id,
        reasonCode: `fields:${fields.join(',')}`,
        requestId: actor.requestId,
      });
      return { id: incidentId, version: newVersion, caseVersion, context };
    });
  }
}
