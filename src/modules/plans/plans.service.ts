import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseForSharing, CaseSharingService } from '../cases';
import { DirectoryService } from '../directory';
import { FollowUpPlanner } from '../followups';
import { IdentityDirectoryService } from '../identity';
import { ReferralLinksService } from '../referrals';
import { CasePlan, CasePlanRepository, OPEN_STATUSES } from './case-plan.repository';
import {
  CasePlanDto,
  PlanActionDto,
  PlanGoalInputDto,
  PlanVersionDto,
  ReturnPlanDto,
  UpdatePlanActionDto,
  UpdatePlanDto,
} from './dto/plan.dto';
import { NewGoal, PlanItemsRepository } from './plan-items.repository';
import { PlanView } from './plan-view';
import { PlanRules, planRulesFor, PLANS_CONFIG, PlansConfig } from './plans.config';
import './plans.errors';

const EDITABLE = ['draft', 'returned'];

/**
 * The case plan's commands (docs/ARCHITECTURE.md "The case plan"): start a version, write a draft, submit
 * it, a supervisor approves or returns it (never its submitter), and the actions' progress on the approved
 * plan. Each is one transaction with its audit row (ids and codes, never the plan's text).
 */
@Injectable()
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLANS_CONFIG) private readonly config: PlansConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly identity: IdentityDirectoryService,
    private readonly directory: DirectoryService,
    private readonly referrals: ReferralLinksService,
    private readonly planner: FollowUpPlanner,
    private readonly plans: CasePlanRepository,
    private readonly items: PlanItemsRepository,
    private readonly view: PlanView,
  ) {}

  /** The rules of the case's organisation (config/plans.yaml). */
  async rulesOf(organizationId: string): Promise<PlanRules> {
    const org = await this.identity.organizationFacts(organizationId);
    return planRulesFor(this.config, { id: organizationId, type: org?.type ?? null });
  }

  /** A new draft: the first version, or one copied from the approved version. */
  async start(actor: Actor, caseId: string, cmd: IdempotentCommand): Promise<CasePlanDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.edit_plan', facts.access, { actor });
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        await this.cases.caseFacts(caseId, { manager: m, lock: true });
        const all = await this.plans.listForCase(m, caseId);
        const open = all.find((p) => OPEN_STATUSES.includes(p.status));
        if (open) throw new DomainError('PLAN_DRAFT_EXISTS', { status: open.status });
        const approved = all.find((p) => p.status === 'approved');
        const plan = await this.plans.insert(m, {
          caseId,
          // The list holds every version of the case (merged ones too): the next number follows the highest.
          versionNo: Math.max(0, ...all.map((p) => p.versionNo)) + 1,
          copiedFrom: approved?.id ?? null,
          createdBy: actor.user.id,
        });
        if (approved) await this.copyItems(m, approved, plan, actor.user.id);
        await this.record(m, actor, 'case_plan.started', plan, approved ? 'new_version' : 'first');
        return this.one(m, plan);
      }),
    );
  }

  /** The draft's goals and actions, all of them, with the version read; a returned plan is a draft again. */
  async update(actor: Actor, caseId: string, planId: string, dto: UpdatePlanDto): Promise<CasePlanDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.edit_plan', facts.access, { actor });
    const goals = await this.checkGoals(facts, dto.goals);
    return this.dataSource.transaction(async (m) => {
      const plan = await this.locked(m, caseId, planId, dto.version);
      if (!EDITABLE.includes(plan.status))
        throw new DomainError('PLAN_NOT_EDITABLE', { status: plan.status });
      await this.items.replace(m, plan.id, caseId, goals, actor.user.id);
      const after =
        plan.status === 'returned'
          ? await this.plans.step(m, plan.id, { status: 'draft' })
          : (await this.plans.touch(m, plan.id), await this.mustGet(m, caseId, plan.id));
      await this.record(m, actor, 'case_plan.updated', after, 'draft');
      return this.one(m, after);
    });
  }

  /** Submitted for a supervisor's approval; approved at once when the organisation asks none. */
  async submit(
    actor: Actor,
    caseId: string,
    planId: string,
    dto: PlanVersionDto,
    cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.edit_plan', facts.access, { actor });
    const rules = await this.rulesOf(facts.organizationId);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const plan = await this.locked(m, caseId, planId, dto.version);
        if (!EDITABLE.includes(plan.status))
          throw new DomainError('PLAN_NOT_EDITABLE', { status: plan.status });
        const { goals, actions } = await this.items.ofPlans(m, [plan.id]);
        if (goals.length === 0 || goals.some((g) => !actions.some((a) => a.goalId === g.id))) {
          throw new DomainError('PLAN_EMPTY');
        }
        const now = new Date();
        let after = await this.plans.step(m, plan.id, {
          status: 'submitted',
          submittedBy: actor.user.id,
          submittedAt: now,
          decidedBy: null,
          decidedAt: null,
        });
        await this.record(m, actor, 'case_plan.submitted', after, 'submitted');
        if (!rules.approvalRequired)
          after = await this.approveIn(m, actor, after, rules, 'no_approval_required');
        return this.one(m, after);
      }),
    );
  }

  /** A supervisor of the case's organisation, never the submitter, approves: the last approved is superseded. */
  async approve(
    actor: Actor,
    caseId: string,
    planId: string,
    dto: PlanVersionDto,
    cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.approve_plan', facts.access, { actor });
    const rules = await this.rulesOf(facts.organizationId);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const plan = await this.decidable(m, actor, caseId, planId, dto.version);
        return this.one(m, await this.approveIn(m, actor, plan, rules, 'approved'));
      }),
    );
  }

  /** A supervisor, never the submitter, sends the plan back with a reason (encrypted). */
  async return(
    actor: Actor,
    caseId: string,
    planId: string,
    dto: ReturnPlanDto,
    cmd: IdempotentCommand,
  ): Promise<CasePlanDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.approve_plan', facts.access, { actor });
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const plan = await this.decidable(m, actor, caseId, planId, dto.version);
        const after = await this.plans.step(m, plan.id, {
          status: 'returned',
          decidedBy: actor.user.id,
          decidedAt: new Date(),
          returnReason: dto.reason,
        });
        await this.record(m, actor, 'case_plan.returned', after, 'returned');
        return this.one(m, after);
      }),
    );
  }

  /**
   * An action's progress, on the approved plan (no new version) or a draft: its status, a drop with its
   * reason, its note. An action linked to a referral takes the referral's status: it may only be dropped.
   */
  async updateAction(
    actor: Actor,
    caseId: string,
    actionId: string,
    dto: UpdatePlanActionDto,
    cmd: IdempotentCommand,
  ): Promise<PlanActionDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.edit_plan', facts.access, { actor });
    const dropReason = dto.status === 'dropped' ? this.dropReason(dto.dropReason, 'dropReason') : null;
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const action = await this.items.action(m, caseId, actionId, { lock: true });
        if (!action) throw new DomainError('NOT_FOUND');
        const plan = await this.mustGet(m, caseId, action.planId);
        if (!['approved', ...EDITABLE].includes(plan.status)) {
          throw new DomainError('PLAN_ACTION_NOT_CHANGEABLE', { status: plan.status });
        }
        if (action.version !== dto.version) throw new DomainError('VERSION_CONFLICT');
        if (action.referralId && dto.status !== 'dropped') {
          throw new DomainError('PLAN_ACTION_FOLLOWS_REFERRAL', { status: action.status });
        }
        const after = await this.items.updateAction(m, action.id, {
          status: dto.status,
          dropReason,
          ...(dto.note !== undefined ? { note: dto.note } : {}),
          by: actor.user.id,
        });
        await this.audit.record(m, {
          action: 'case_plan.action_updated',
          actor: actor.user,
          entityType: 'case_plan_action',
          entityId: after.id,
          caseId,
          reasonCode: dto.status,
          requestId: actor.requestId,
        });
        const links = await this.referrals.linksOf(after.referralId ? [after.referralId] : [], m);
        const names = await this.directory.namesOf(after.providerId ? [after.providerId] : [], m);
        return this.view.action(after, links, names);
      }),
    );
  }

  // --- helpers ----------------------------------------------------------------------------------------

  private async approveIn(
    m: EntityManager,
    actor: Actor,
    plan: CasePlan,
    rules: PlanRules,
    code: string,
  ): Promise<CasePlan> {
    const now = new Date();
    for (const p of await this.plans.listForCase(m, plan.caseId)) {
      if (p.status === 'approved' && p.id !== plan.id) {
        const old = await this.plans.step(m, p.id, { status: 'superseded', supersededAt: now });
        await this.record(m, actor, 'case_plan.superseded', old, 'superseded');
      }
    }
    const after = await this.plans.step(m, plan.id, {
      status: 'approved',
      decidedBy: actor.user.id,
      decidedAt: now,
      reviewEveryDays: rules.reviewEveryDays,
    });
    await this.record(m, actor, 'case_plan.approved', after, code);
    await this.planner.planReview(m, {
      planId: after.id,
      caseId: after.caseId,
      everyDays: rules.reviewEveryDays,
      from: now,
    });
    return after;
  }

  /** A submitted plan, the version read, and a decider who is not its submitter (four eyes). */
  private async decidable(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    planId: string,
    version: number,
  ): Promise<CasePlan> {
    const plan = await this.locked(m, caseId, planId, version);
    if (plan.status !== 'submitted') throw new DomainError('PLAN_NOT_SUBMITTED', { status: plan.status });
    if (plan.submittedBy === actor.user.id) throw new DomainError('PLAN_SELF_DECISION');
    return plan;
  }

  private async locked(m: EntityManager, caseId: string, planId: string, version: number): Promise<CasePlan> {
    const plan = await this.plans.get(m, caseId, planId, { lock: true });
    if (!plan) throw new DomainError('NOT_FOUND');
    if (plan.version !== version) throw new DomainError('VERSION_CONFLICT');
    return plan;
  }

  private async mustGet(m: EntityManager, caseId: string, planId: string): Promise<CasePlan> {
    const plan = await this.plans.get(m, caseId, planId);
    if (!plan) throw new DomainError('NOT_FOUND');
    return plan;
  }

  private async one(m: EntityManager, plan: CasePlan): Promise<CasePlanDto> {
    const [dto] = await this.view.of(m, [plan]);
    if (!dto) throw new Error('plan view not built');
    return dto;
  }

  private async copyItems(m: EntityManager, from: CasePlan, to: CasePlan, by: string): Promise<void> {
    const { goals, actions } = await this.items.ofPlans(m, [from.id]);
    const copied: NewGoal[] = goals.map((g) => ({
      needsArea: g.needsArea,
      text: g.text ?? '',
      actions: actions
        .filter((a) => a.goalId === g.id)
        .map((a) => ({
          service: a.service,
          performer: a.performer,
          providerId: a.providerId,
          dueOn: a.dueOn,
          status: a.status,
          dropReason: a.dropReason,
          referralId: a.referralId,
          note: a.note,
        })),
    }));
    await this.items.replace(m, to.id, to.caseId, copied, by);
  }

  /** The goals as written, checked: providers of the directory, referrals of the case, drop reasons. */
  private async checkGoals(facts: CaseForSharing, goals: readonly PlanGoalInputDto[]): Promise<NewGoal[]> {
    const all = goals.flatMap((g, gi) =>
      g.actions.map((a, ai) => ({ a, where: `goals[${gi}].actions[${ai}]` })),
    );
    const referralIds = all.flatMap(({ a }) => (a.referralId ? [a.referralId] : []));
    const links = await this.referrals.linksOf(referralIds);
    for (const { a, where } of all) {
      if (a.performer === 'provider') {
        if (!a.providerId || !(await this.directory.providerFacts(a.providerId))) {
          throw new DomainError('PLAN_PROVIDER_INVALID', { field: `${where}.providerId` });
        }
      }
      if (a.referralId && links.get(a.referralId)?.caseId !== facts.id) {
        throw new DomainError('PLAN_REFERRAL_INVALID', { field: `${where}.referralId` });
      }
      if (a.status === 'dropped') this.dropReason(a.dropReason, `${where}.dropReason`);
    }
    return goals.map((g) => ({
      needsArea: g.needsArea,
      text: g.text,
      actions: g.actions.map((a) => ({
        service: a.service,
        performer: a.performer,
        providerId: a.performer === 'provider' ? (a.providerId ?? null) : null,
        dueOn: a.dueOn ?? null,
        status: a.status ?? 'planned',
        dropReason: a.status === 'dropped' ? (a.dropReason ?? null) : null,
        referralId: a.referralId ?? null,
        note: a.note ?? null,
      })),
    }));
  }

  private dropReason(reason: string | undefined, field: string): string {
    if (!reason || reason.trim() === '') throw new DomainError('PLAN_DROP_REASON_REQUIRED', { field });
    return reason;
  }

  private record(
    m: EntityManager,
    actor: Actor,
    action: string,
    plan: CasePlan,
    code: string,
  ): Promise<void> {
    return this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'case_plan',
      entityId: plan.id,
      caseId: plan.caseId,
      reasonCode: code,
      requestId: actor.requestId,
    });
  }
}
