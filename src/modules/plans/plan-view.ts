import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DirectoryService } from '../directory';
import { ReferralLinksService } from '../referrals';
import type { ReferralLink } from '../referrals';
import type { CasePlan } from './case-plan.repository';
import { CasePlanDto, PlanActionDto } from './dto/plan.dto';
import { PlanAction, PlanItemsRepository } from './plan-items.repository';

/** A referral's status as an action's: the action linked to it takes it (docs/ARCHITECTURE.md "The case plan"). */
export function actionStatusOfReferral(referralStatus: string): string {
  switch (referralStatus) {
    case 'sent':
      return 'planned';
    case 'accepted':
    case 'in_service':
      return 'in_progress';
    case 'completed':
      return 'done';
    default:
      // declined, cancelled, not_completed
      return 'dropped';
  }
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Builds the answers of plan versions: goals with their actions, the linked referrals' status, progress. */
@Injectable()
export class PlanView {
  constructor(
    private readonly items: PlanItemsRepository,
    private readonly referrals: ReferralLinksService,
    private readonly directory: DirectoryService,
  ) {}

  async of(m: EntityManager, plans: readonly CasePlan[]): Promise<CasePlanDto[]> {
    const { goals, actions } = await this.items.ofPlans(
      m,
      plans.map((p) => p.id),
    );
    const links = await this.referrals.linksOf(
      actions.flatMap((a) => (a.referralId ? [a.referralId] : [])),
      m,
    );
    const names = await this.directory.namesOf(
      [...new Set(actions.flatMap((a) => (a.providerId ? [a.providerId] : [])))],
      m,
    );
    return plans.map((p) => {
      const mine = actions.filter((a) => a.planId === p.id).map((a) => this.action(a, links, names));
      const live = mine.filter((a) => a.status !== 'dropped');
      return {
        id: p.id,
        caseId: p.caseId,
        versionNo: p.versionNo,
        status: p.status,
        reviewEveryDays: p.reviewEveryDays,
        submittedBy: p.submittedBy,
        submittedAt: iso(p.submittedAt),
        decidedBy: p.decidedBy,
        decidedAt: iso(p.decidedAt),
        returnReason: p.returnReason,
        supersededAt: iso(p.supersededAt),
        createdBy: p.createdBy,
        createdAt: p.createdAt.toISOString(),
        version: p.version,
        goals: goals
          .filter((g) => g.planId === p.id)
          .map((g) => ({
            id: g.id,
            needsArea: g.needsArea,
            text: g.text,
            actions: mine.filter((a) => actions.find((x) => x.id === a.id)?.goalId === g.id),
          })),
        progress: { done: live.filter((a) => a.status === 'done').length, total: live.length },
      };
    });
  }

  /** One action's answer (the referral's status taken when it is linked to one of the same case). */
  action(a: PlanAction, links: Map<string, ReferralLink>, names: Map<string, string>): PlanActionDto {
    const link = a.referralId ? links.get(a.referralId) : undefined;
    const referralStatus = link && link.caseId === a.caseId ? link.status : null;
    return {
      id: a.id,
      service: a.service,
      performer: a.performer,
      providerId: a.providerId,
      providerName: a.providerId ? (names.get(a.providerId) ?? null) : null,
      dueOn: a.dueOn,
      // An action dropped by hand stays dropped; otherwise a linked referral's status decides.
      status: referralStatus && a.status !== 'dropped' ? actionStatusOfReferral(referralStatus) : a.status,
      dropReason: a.dropReason,
      referralId: a.referralId,
      referralStatus,
      note: a.note,
      version: a.version,
    };
  }
}
