import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CASE_TIED_DATA,
  CaseRetentionRepository,
  RetentionDueCase,
} from './repositories/case-retention.repository';

export type { RetentionDueCase } from './repositories/case-retention.repository';

/** What anonymising one case changed in the case module's tables (row counts, no content). */
export interface CaseAnonymisation {
  survivors: number;
  reporters: number;
  notes: number;
  riskAssessments: number;
  consents: number;
  protectionMeasures: number;
  transitions: number;
  closureRequests: number;
  safetyPlanVersions: number;
  caseServices: number;
  transfers: number;
}

/** The count of each erased table (the cases row itself is not counted). */
const COUNTED: Record<string, keyof CaseAnonymisation> = {
  survivors: 'survivors',
  reporters: 'reporters',
  notes: 'notes',
  risk_assessments: 'riskAssessments',
  consents: 'consents',
  protection_measures: 'protectionMeasures',
  case_transitions: 'transitions',
  closure_requests: 'closureRequests',
  safety_plan_versions: 'safetyPlanVersions',
  case_services: 'caseServices',
  case_transfers: 'transfers',
};

for (const d of CASE_TIED_DATA) {
  if (d.table !== 'cases' && !Object.hasOwn(COUNTED, d.table))
    throw new Error(`${d.table}: add its count to CaseAnonymisation`);
}

/**
 * Retention for the case module (docs/DESIGN.md §7): destroys the personal data of a closed case — every
 * field declared in cases.personal-data.ts and the blind indexes that could find the person again — and
 * keeps the statistics columns (sex, age group, disability, commune, incidents, risk level, context,
 * dates). The caller (followups' retention job) holds the transaction; this service never opens one.
 */
@Injectable()
export class CaseRetentionService {
  constructor(private readonly retention: CaseRetentionRepository) {}

  /** Closed before `closedBefore` and not yet anonymised, oldest closing first (no lock). */
  findDue(
    manager: EntityManager,
    opts: { closedBefore: Date; limit: number; excludeIds?: string[] },
  ): Promise<RetentionDueCase[]> {
    return this.retention.findDue(manager, opts);
  }

  /** How many cases are due in all. */
  countDue(manager: EntityManager, closedBefore: Date): Promise<number> {
    return this.retention.countDue(manager, closedBefore);
  }

  /**
   * Locks the case for anonymising, inside the caller's transaction: null when it is no longer due or
   * another worker holds it (SKIP LOCKED: two workers never wait on, nor both anonymise, one case).
   */
  async lockDue(
    manager: EntityManager,
    caseId: string,
    closedBefore: Date,
  ): Promise<RetentionDueCase | null> {
    return (await this.retention.lockDue(manager, caseId, closedBefore)) ?? null;
  }

  /** Destroys the case's personal data and marks it anonymised. Call with the case locked (lockDue). */
  async anonymise(manager: EntityManager, caseId: string): Promise<CaseAnonymisation> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('CaseRetentionService.anonymise must run inside a transaction');
    }
    const changed = await this.retention.eraseCase(manager, caseId);
    await this.retention.markAnonymised(manager, caseId);
    const counts: CaseAnonymisation = {
      survivors: 0,
      reporters: 0,
      notes: 0,
      riskAssessments: 0,
      consents: 0,
      protectionMeasures: 0,
      transitions: 0,
      closureRequests: 0,
      safetyPlanVersions: 0,
      caseServices: 0,
      transfers: 0,
    };
    for (const [table, n] of changed) {
      const key = COUNTED[table];
      if (key) counts[key] = n;
    }
    return counts;
  }
}
