import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { IdentityDirectoryService } from '../identity';
import { CasePlanRepository, OPEN_STATUSES } from './case-plan.repository';
import { CasePlanDto, CurrentPlanDto, PlanApprovalsDto, PlanVersionsDto } from './dto/plan.dto';
import { PlanView } from './plan-view';
import { PlansService } from './plans.service';

const APPROVALS_LIMIT = 200;

/**
 * The reads of the case plan: the current plan (approved and the version being written or decided), the
 * versions, one version — decided and audited as the file read is (case.read_plan; refused answers 404) —
 * and the supervisor's list of plans awaiting approval (ids, references, who and when; no plan text).
 */
@Injectable()
export class PlanReadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly cases: CaseSharingService,
    private readonly identity: IdentityDirectoryService,
    private readonly plans: CasePlanRepository,
    private readonly view: PlanView,
    private readonly service: PlansService,
  ) {}

  async current(actor: Actor, caseId: string): Promise<CurrentPlanDto> {
    const facts = await this.readable(actor, caseId);
    const rules = await this.service.rulesOf(facts.organizationId);
    return this.dataSource.transaction(async (m) => {
      const all = await this.plans.listForCase(m, caseId);
      const approved = all.find((p) => p.status === 'approved');
      const pending = all.find((p) => OPEN_STATUSES.includes(p.status));
      const shown = [approved, pending].filter((p) => p !== undefined);
      const views = await this.view.of(m, shown);
      await this.read(m, actor, caseId, 'case.plan_read');
      return {
        approved: views.find((v) => v.id === approved?.id) ?? null,
        pending: views.find((v) => v.id === pending?.id) ?? null,
        approvalRequired: rules.approvalRequired,
      };
    });
  }

  async versions(actor: Actor, caseId: string): Promise<PlanVersionsDto> {
    await this.readable(actor, caseId);
    return this.dataSource.transaction(async (m) => {
      const all = await this.plans.listForCase(m, caseId);
      await this.read(m, actor, caseId, 'case.plan_versions_read');
      return {
        items: all.map((p) => ({
          id: p.id,
          versionNo: p.versionNo,
          status: p.status,
          createdAt: p.createdAt.toISOString(),
          submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null,
          decidedAt: p.decidedAt ? p.decidedAt.toISOString() : null,
          supersededAt: p.supersededAt ? p.supersededAt.toISOString() : null,
        })),
      };
    });
  }

  async version(actor: Actor, caseId: string, planId: string): Promise<CasePlanDto> {
    await this.readable(actor, caseId);
    return this.dataSource.transaction(async (m) => {
      const plan = await this.plans.get(m, caseId, planId);
      if (!plan) throw new DomainError('NOT_FOUND');
      const [dto] = await this.view.of(m, [plan]);
      await this.read(m, actor, caseId, 'case.plan_read', planId);
      if (!dto) throw new Error('plan view not built');
      return dto;
    });
  }

  /** The submitted plans the supervisor may decide (case.approve_plan compiled over case_facts). */
  async approvals(actor: Actor): Promise<PlanApprovalsDto> {
    const filter = this.access.filter(actor.user, 'case.approve_plan', 'case', { alias: 'c' });
    const rows = await this.plans.awaitingApproval(this.dataSource.manager, filter, APPROVALS_LIMIT);
    const names = await this.identity.workNamesOf(
      rows.flatMap((r) => (r.submittedBy ? [r.submittedBy] : [])),
    );
    return {
      items: rows.map((r) => ({
        planId: r.id,
        caseId: r.caseId,
        reference: r.reference,
        versionNo: r.versionNo,
        submittedBy: r.submittedBy,
        submitterName: r.submittedBy ? (names.get(r.submittedBy)?.displayName ?? null) : null,
        submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }

  private async readable(actor: Actor, caseId: string) {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.read_plan', facts.access, { actor });
    return facts;
  }

  private read(
    m: EntityManager,
    actor: Actor,
    caseId: string,
    action: string,
    planId?: string,
  ): Promise<void> {
    return this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: planId ? 'case_plan' : 'case',
      entityId: planId ?? caseId,
      caseId,
      requestId: actor.requestId,
    });
  }
}
