import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { CaseFileAccess } from './case-file-access';
import type { CaseNote } from './repositories/note.repository';
import { CaseHistoryRepository, RiskAssessmentEntry } from './repositories/case-history.repository';
import { CaseTransition, CaseTransitionRepository } from './repositories/case-transition.repository';
import { CaseRepository } from './repositories/case.repository';
import { ConsentRecord, ConsentRepository } from './repositories/consent.repository';
import { CaseIncident, IncidentRepository } from './repositories/incident.repository';
import { NoteRepository } from './repositories/note.repository';
import { ProtectionMeasure, ProtectionMeasureRepository } from './repositories/protection-measure.repository';
import { SurvivorRepository } from './repositories/survivor.repository';

export type { CaseIncident } from './repositories/incident.repository';
export type { CaseNote } from './repositories/note.repository';
export type { CaseTransition } from './repositories/case-transition.repository';
export type { ConsentRecord } from './repositories/consent.repository';
export type { ProtectionMeasure } from './repositories/protection-measure.repository';
export type { RiskAssessmentEntry } from './repositories/case-history.repository';

/**
 * The survivor as a printed file shows her: identity, contact and situation. The safe-contact code word
 * and safe times never go on paper (a copy may be read by anyone holding it).
 */
export interface PrintedSurvivor {
  fullName: string | null;
  sex: string;
  birthYear: number | null;
  dateOfBirth: string | null;
  ageGroup: string | null;
  nationalId: string | null;
  phones: string[];
  communeCode: string | null;
  addressDetail: string | null;
  disability: boolean | null;
  ethnicMinority: boolean | null;
  maritalStatus: string | null;
  occupationGroup: string | null;
  guardian: { fullName: string | null; phone: string | null } | null;
}

/** The whole file as the printing module lays it out (consents without their withdrawal reason). */
export interface CasePrintout {
  id: string;
  reference: string;
  status: string;
  organizationId: string;
  assigneeId: string | null;
  riskLevel: string | null;
  channel: string;
  receivedAt: Date;
  openedAt: Date;
  updatedAt: Date;
  restricted: boolean;
  survivor: PrintedSurvivor | null;
  incidents: CaseIncident[];
  riskAssessments: RiskAssessmentEntry[];
  consents: Omit<ConsentRecord, 'withdrawalReason'>[];
  measures: ProtectionMeasure[];
  notes: CaseNote[];
  transitions: CaseTransition[];
}

/** The access rule of a printed case file (config/access-rules.yaml). */
export const CASE_PRINT_ACTION = 'case.print';

/**
 * The case module's reads for a printed file (issue 15, the printing module): decided as `case.print`
 * (404 to whoever may not read the case, 403 to a reader who may not print it) and read in the caller's
 * transaction, which audits the print once (case.printed) instead of one row per part read.
 */
@Injectable()
export class CasePrintReads {
  constructor(
    private readonly file: CaseFileAccess,
    private readonly cases: CaseRepository,
    private readonly survivors: SurvivorRepository,
    private readonly incidents: IncidentRepository,
    private readonly history: CaseHistoryRepository,
    private readonly consents: ConsentRepository,
    private readonly measures: ProtectionMeasureRepository,
    private readonly notes: NoteRepository,
    private readonly transitions: CaseTransitionRepository,
  ) {}

  /** Refuses unless the actor may print the case (the case's reference when allowed). */
  async guard(actor: Actor, caseId: string, action = CASE_PRINT_ACTION): Promise<{ reference: string }> {
    const c = await this.file.guard(actor, caseId, action);
    return { reference: c.reference };
  }

  /** Every part of the file, decrypted; call after guard, in the transaction that audits the print. */
  async read(m: EntityManager, caseId: string): Promise<CasePrintout> {
    const head = await this.cases.findFileHead(m, caseId);
    if (!head) throw new DomainError('NOT_FOUND');
    const s = await this.survivors.findByCase(m, caseId);
    const consents = await this.consents.historyOf(m, caseId);
    return {
      id: head.id,
      reference: head.reference,
      status: head.status,
      organizationId: head.organizationId,
      assigneeId: head.assigneeId,
      riskLevel: head.riskLevel,
      channel: head.channel,
      receivedAt: head.receivedAt,
      openedAt: head.openedAt,
      updatedAt: head.updatedAt,
      restricted: head.restricted,
      survivor: s
        ? {
            fullName: s.fullName ?? null,
            sex: s.sex,
            birthYear: s.birthYear ?? null,
            dateOfBirth: s.dateOfBirth ?? null,
            ageGroup: s.ageGroup,
            nationalId: s.nationalId ?? null,
            phones: s.phones ?? [],
            communeCode: s.communeCode,
            addressDetail: s.addressDetail ?? null,
            disability: s.disability,
            ethnicMinority: s.ethnicMinority,
            maritalStatus: s.maritalStatus,
            occupationGroup: s.occupationGroup,
            guardian: s.guardian
              ? { fullName: s.guardian.fullName ?? null, phone: s.guardian.phone ?? null }
              : null,
          }
        : null,
      incidents: await this.incidents.listOfCase(m, caseId),
      riskAssessments: await this.history.riskAssessmentsOf(m, caseId),
      consents: consents.map(({ withdrawalReason: _, ...c }) => c),
      measures: await this.measures.listForCase(m, caseId),
      notes: await this.notes.listForCase(m, caseId),
      transitions: await this.transitions.historyOf(m, caseId),
    };
  }
}
