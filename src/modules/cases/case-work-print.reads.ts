import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseServiceRepository } from './repositories/case-service.repository';
import { CaseTransferRepository } from './repositories/case-transfer.repository';
import { SafetyPlanRepository } from './repositories/safety-plan.repository';
import type { SafetyPlanContentValue } from './safety-plan.personal-data';
import { SafetyPlanService } from './safety-plan.service';

/**
 * The safety plan as a printed file shows it: its status (domain/safety-plan.ts), the current version's content and the last
 * review. Never the survivor's code word or safe times (they live on the survivor, and a printed safety
 * plan is often handed to her: a copy may be read by anyone holding it).
 */
export interface PrintedSafetyPlan {
  status: string;
  riskLevel: string | null;
  assessedAt: Date | null;
  current: {
    version: number;
    leavingItems: string[];
    content: SafetyPlanContentValue;
    savedBy: string;
    savedAt: Date;
    reviewedBy: string;
    reviewedAt: Date;
  } | null;
}

/** A service given, as printed: what, when, by whom (no note; removed entries are left out). */
export interface PrintedService {
  serviceKey: string;
  givenOn: string;
  givenBy: string;
}

/** A transfer, as printed: the organisations, its status and dates (no note, no decline reason). */
export interface PrintedTransfer {
  fromOrganizationId: string;
  toOrganizationId: string;
  status: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/**
 * The case module's reads of its case-work parts for a printed file (issue 15: the safety plan, the
 * services given, the transfers), read in the printing module's transaction after `CasePrintReads.guard`
 * decided case.print; the print is audited once by the caller.
 */
@Injectable()
export class CaseWorkPrintReads {
  constructor(
    private readonly safety: SafetyPlanService,
    private readonly plans: SafetyPlanRepository,
    private readonly serviceRows: CaseServiceRepository,
    private readonly transferRows: CaseTransferRepository,
  ) {}

  async safetyPlan(m: EntityManager, caseId: string): Promise<PrintedSafetyPlan> {
    const state = await this.safety.state(m, caseId);
    const head = await this.plans.head(m, caseId);
    const [current] = head ? await this.plans.versions(m, caseId, 1) : [];
    return {
      status: state.status,
      riskLevel: state.riskLevel,
      assessedAt: state.assessedAt ? new Date(state.assessedAt) : null,
      current:
        head && current
          ? {
              version: head.version,
              leavingItems: current.leavingItems,
              content: current.content,
              savedBy: current.savedBy,
              savedAt: current.savedAt,
              reviewedBy: head.reviewedBy,
              reviewedAt: head.reviewedAt,
            }
          : null,
    };
  }

  /** The services given, newest first; removed (mistaken) entries are left out. */
  async services(m: EntityManager, caseId: string): Promise<PrintedService[]> {
    const rows = await this.serviceRows.listForCase(m, caseId);
    return rows
      .filter((r) => r.removedAt === null)
      .map((r) => ({ serviceKey: r.serviceKey, givenOn: r.givenOn, givenBy: r.givenBy }));
  }

  /** The case's transfers, newest first, without their texts. */
  async transfers(m: EntityManager, caseId: string): Promise<PrintedTransfer[]> {
    const rows = await this.transferRows.ofCase(m, caseId);
    return rows.map((t) => ({
      fromOrganizationId: t.fromOrganizationId,
      toOrganizationId: t.toOrganizationId,
      status: t.status,
      requestedBy: t.requestedBy,
      requestedAt: t.requestedAt,
      decidedBy: t.decidedBy,
      decidedAt: t.decidedAt,
    }));
  }
}
