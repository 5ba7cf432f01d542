import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor } from '../../platform/http';
import { OutboxService } from '../../platform/outbox';
import { CaseFileAccess } from './case-file-access';
import { CaseIntakeRules } from './case-intake';
import { assertIntakeDates } from './domain/dates';
import { isHighRisk, scoreRisk } from './domain/risk';
import {
  IncidentAddedDto,
  IncidentInputDto,
  IncidentRecordDto,
  RiskAssessmentResultDto,
} from './dto/case-file.dto';
import { CaseFileRepository } from './repositories/case-file.repository';
import { CaseIncident, IncidentRepository } from './repositories/incident.repository';
import { CaseStateRepository } from './repositories/case-state.repository';

/**
 * The case's incidents after intake and its risk re-assessments: each checked as at intake, the derived
 * context or the risk level stored on the case, audited in the transaction.
 */
@Injectable()
export class CaseIncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly outbox: OutboxService,
    private readonly file: CaseFileAccess,
    private readonly rules: CaseIntakeRules,
    private readonly parts: CaseFileRepository,
    private readonly cases: CaseStateRepository,
    private readonly incidents: IncidentRepository,
  ) {}

  /**
   * Another incident of the case, checked as at intake (catalogue keys, commune in force, a date neither
   * after its report nor before the survivor's birth); the derived context is recomputed and stored.
   */
  async addIncident(actor: Actor, id: string, dto: IncidentInputDto): Promise<IncidentAddedDto> {
    const row = await this.file.guard(actor, id, 'case.update');
    this.rules.checkIncident(dto, '');
    await this.rules.checkCommune(dto.communeCode, 'communeCode');
    return this.dataSource.transaction(async (m) => {
      const now = new Date();
      const birth = await this.rules.storedBirthFacts(m, id);
      assertIntakeDates(
        {
          receivedAt: birth.receivedAt,
          birthYear: birth.birthYear,
          dateOfBirth: birth.dateOfBirth,
          incidents: [{ occurredOn: dto.occurredOn, field: 'occurredOn', reportedAt: now }],
        },
        now,
      );
      const incident = await this.rules.insertIncident(m, id, dto, actor.user.id);
      const context = await this.rules.recomputeContext(m, id);
      const version = await this.cases.touch(m, id);
      await this.file.record(m, actor, id, 'case.incident_added');
      return { id: incident.id, context, version: version ?? row.version + 1 };
    });
  }

  /** The case's incidents, newest first; the read is audited. */
  async listIncidents(actor: Actor, id: string): Promise<IncidentRecordDto[]> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const incidents = await this.incidents.listOfCase(m, id);
      await this.file.record(m, actor, id, 'case.incidents_read');
      return incidents.map(toIncidentDto);
    });
  }

  /** A new assessment scored with the questionnaire; high and critical alert the supervisors again. */
  async reassessRisk(
    actor: Actor,
    id: string,
    answers: Record<string, unknown>,
  ): Promise<RiskAssessmentResultDto> {
    const row = await this.file.guard(actor, id, 'case.update');
    const questionnaire = this.catalogues.riskQuestionnaire();
    const risk = scoreRisk(questionnaire, answers, 'answers');
    const score = Math.round(risk.score);
    return this.dataSource.transaction(async (m) => {
      const assessmentId = await this.parts.insertRiskAssessment(m, {
        caseId: id,
        answers,
        score,
        level: risk.level,
        assessedBy: actor.user.id,
      });
      await this.cases.recordRisk(m, id, { level: risk.level, score });
      await this.file.record(m, actor, id, 'case.risk_assessed', risk.level);
      if (isHighRisk(risk.level, questionnaire.levels)) {
        await this.outbox.write(m, 'case.high_risk', {
          caseId: id,
          organizationId: row.organizationId,
          reference: row.reference,
          level: risk.level,
        });
      }
      return { id: assessmentId, score, level: risk.level };
    });
  }
}

const opt = <T>(v: T | null): T | undefined => v ?? undefined;

export function toIncidentDto(r: CaseIncident): IncidentRecordDto {
  return {
    id: r.id,
    occurredOn: opt(r.occurredOn),
    communeCode: opt(r.communeCode),
    placeType: opt(r.placeType),
    violenceTypes: r.violenceTypes,
    dvActs: r.dvActs,
    perpetrator: {
      relationship: opt(r.perpetratorRelationship),
      sex: opt(r.perpetratorSex),
      ageGroup: opt(r.perpetratorAgeGroup),
      count: opt(r.perpetratorCount),
    },
    repeated: opt(r.repeated),
    previouslyReported: opt(r.previouslyReported),
    childrenPresent: opt(r.childrenPresent),
    exchangeInvolved: opt(r.exchangeInvolved),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}
