import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CasePlanRepository, OPEN_STATUSES } from './case-plan.repository';
import type { CasePlanDto } from './dto/plan.dto';
import { PlanView } from './plan-view';

/** An earlier (or any) version of the plan, as printed: its number, status and dates only. */
export interface PrintedPlanVersion {
  versionNo: number;
  status: string;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  supersededAt: Date | null;
}

/** The case plan as a printed file shows it: the approved version and the one being written or decided. */
export interface PrintedCasePlan {
  approved: CasePlanDto | null;
  pending: CasePlanDto | null;
  /** Every version, newest first. */
  versions: PrintedPlanVersion[];
}

/**
 * The plans module's read for a printed case file (issue 15, the printing module): what GET
 * /cases/:id/plan shows (goals, actions with the linked referrals' status, progress) and the versions'
 * list. Read in the caller's transaction after it decided case.print; the print is audited once by it.
 */
@Injectable()
export class PlanPrintReads {
  constructor(
    private readonly plans: CasePlanRepository,
    private readonly view: PlanView,
  ) {}

  async ofCase(m: EntityManager, caseId: string): Promise<PrintedCasePlan> {
    const all = await this.plans.listForCase(m, caseId);
    const approved = all.find((p) => p.status === 'approved');
    const pending = all.find((p) => OPEN_STATUSES.includes(p.status));
    const views = await this.view.of(
      m,
      [approved, pending].filter((p) => p !== undefined),
    );
    return {
      approved: views.find((v) => v.id === approved?.id) ?? null,
      pending: views.find((v) => v.id === pending?.id) ?? null,
      versions: all.map((p) => ({
        versionNo: p.versionNo,
        status: p.status,
        createdAt: p.createdAt,
        submittedAt: p.submittedAt,
        decidedAt: p.decidedAt,
        supersededAt: p.supersededAt,
      })),
    };
  }
}
