import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Queryable } from '../../platform/database';
import { Actor, DomainError } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { caseAccessRecord } from './case-record';
import { caseMergedError, MERGED_STATUS } from './case-merged';
import { CaseFileDto, IncidentDto, ReporterDto, SurvivorDto } from './dto/case.dto';
import { CaseFileHead, CaseRepository } from './repositories/case.repository';
import { IncidentRepository } from './repositories/incident.repository';
import { ReporterRepository } from './repositories/reporter.repository';
import { RiskAssessmentRepository } from './repositories/risk-assessment.repository';
import { Survivor, SurvivorRepository } from './repositories/survivor.repository';
import { SafetyPlanService } from './safety-plan.service';

/** null → undefined: the file leaves out what the case does not hold. */
const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

function survivorOf(s: Survivor | undefined): SurvivorDto {
  return {
    fullName: opt(s?.fullName),
    phones: s?.phones ?? [],
    sex: s?.sex ?? 'unknown',
    birthYear: opt(s?.birthYear),
    dateOfBirth: opt(s?.dateOfBirth),
    ageGroup: opt(s?.ageGroup),
    nationalId: opt(s?.nationalId),
    communeCode: opt(s?.communeCode),
    addressDetail: opt(s?.addressDetail),
    disability: opt(s?.disability),
    ethnicMinority: opt(s?.ethnicMinority),
    maritalStatus: opt(s?.maritalStatus),
    occupationGroup: opt(s?.occupationGroup),
    guardian: s?.guardian ? { fullName: opt(s.guardian.fullName), phone: opt(s.guardian.phone) } : undefined,
    safeContact: {
      canCall: opt(s?.canCall),
      canText: opt(s?.canText),
      canLeaveMessage: opt(s?.canLeaveMessage),
      phoneSharedWithPerpetrator: opt(s?.phoneSharedWithPerpetrator),
      safeTimes: opt(s?.safeTimes),
      codeWord: opt(s?.codeWord),
    },
  };
}

/** The case file read as a whole (docs/DESIGN.md §3): decrypted, and every read audited. */
@Injectable()
export class CaseReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseRepository,
    private readonly survivors: SurvivorRepository,
    private readonly reporters: ReporterRepository,
    private readonly incidents: IncidentRepository,
    private readonly risks: RiskAssessmentRepository,
    private readonly safetyPlans: SafetyPlanService,
  ) {}

  async get(actor: Actor, id: string): Promise<CaseFileDto> {
    const head = await this.cases.findFileHead(this.dataSource.manager, id);
    if (!head) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, 'case.read', caseAccessRecord(head), { actor });
    if (head.status === MERGED_STATUS) throw await caseMergedError(this.dataSource.manager, head.id);
    return this.dataSource.transaction(async (m) => {
      const file = await this.readFile(m, head);
      await this.audit.record(m, {
        action: 'case.read',
        actor: actor.user,
        entityType: 'case',
        entityId: head.id,
        caseId: head.id,
        requestId: actor.requestId,
      });
      return file;
    });
  }

  private async readFile(m: Queryable, c: CaseFileHead): Promise<CaseFileDto> {
    const survivor = await this.survivors.findByCase(m, c.id);
    const r = await this.reporters.findByCase(m, c.id);
    const i = await this.incidents.findFirstOfCase(m, c.id);
    const answers = await this.risks.latestAnswers(m, c.id);
    const consents = await this.cases.activeConsents(m, c.id);
    const note = await this.cases.firstNoteText(m, c.id);
    const reporter: ReporterDto | undefined = r
      ? { relationship: r.relationship, fullName: opt(r.fullName), phone: opt(r.phone) }
      : undefined;
    const incident: IncidentDto = {
      occurredOn: opt(i?.occurredOn),
      communeCode: opt(i?.communeCode),
      placeType: opt(i?.placeType),
      violenceTypes: i?.violenceTypes ?? [],
      dvActs: i?.dvActs ?? [],
      perpetrator: {
        relationship: opt(i?.perpetratorRelationship),
        sex: opt(i?.perpetratorSex),
        ageGroup: opt(i?.perpetratorAgeGroup),
        count: opt(i?.perpetratorCount),
      },
      repeated: opt(i?.repeated),
      previouslyReported: opt(i?.previouslyReported),
      childrenPresent: opt(i?.childrenPresent),
      exchangeInvolved: opt(i?.exchangeInvolved),
    };
    return {
      id: c.id,
      reference: c.reference,
      status: c.status,
      version: c.version,
      organizationId: c.organizationId,
      assigneeId: c.assigneeId,
      riskLevel: c.riskLevel,
      context: c.context,
      restricted: c.restricted,
      openedAt: c.openedAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      channel: c.channel,
      receivedAt: c.receivedAt.toISOString(),
      closurePending:
        c.closureRequestedAt && c.closureReasonCode
          ? { requestedAt: c.closureRequestedAt.toISOString(), reasonCode: c.closureReasonCode }
          : null,
      survivor: survivorOf(survivor),
      reporter,
      incident,
      risk: answers ? { answers } : undefined,
      consents,
      note,
      safetyPlan: await this.safetyPlans.state(m, c.id),
    };
  }
}
