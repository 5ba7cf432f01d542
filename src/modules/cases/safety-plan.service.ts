import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Queryable } from '../../platform/database';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import type { IdempotentCommand } from '../../platform/idempotency';
import { IdentityDirectoryService } from '../identity';
import { CaseFileAccess } from './case-file-access';
import { isHighRisk } from './domain/risk';
import { safetyPlanStatus } from './domain/safety-plan';
import {
  SafetyPlanBodyDto,
  SafetyPlanDto,
  SafetyPlanHistoryDto,
  SafetyPlanInputDto,
  SafetyPlanStateDto,
} from './dto/safety-plan.dto';
import { CaseStateRepository } from './repositories/case-state.repository';
import { SafetyPlanRepository } from './repositories/safety-plan.repository';
import { SurvivorRepository } from './repositories/survivor.repository';
import { EMPTY_SAFETY_PLAN, SafetyPlanContentValue } from './safety-plan.personal-data';

const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function bodyOf(leavingItems: string[], c: SafetyPlanContentValue): SafetyPlanBodyDto {
  return {
    warningSigns: c.warningSigns,
    safePlaces: c.safePlaces,
    trustedPeople: c.trustedPeople.map((p) => ({ ...p })),
    leavingItems,
    leavingOther: c.leavingOther,
    emergencyNumbers: c.emergencyNumbers.map((n) => ({ ...n })),
    steps: c.steps,
  };
}

/**
 * The case's structured safety plan (docs/ARCHITECTURE.md "Safety plan and services given"): read with
 * the survivor's code word and safe contact (read from the survivor, never copied into the plan), saved
 * as a new version (optimistic concurrency on the plan's version), reviewed (changed or not), and its
 * history. Decided as the file (case.read, case.update), audited against the case in the transaction.
 */
@Injectable()
export class SafetyPlanService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly idempotency: IdempotencyService,
    private readonly directory: IdentityDirectoryService,
    private readonly file: CaseFileAccess,
    private readonly plans: SafetyPlanRepository,
    private readonly survivors: SurvivorRepository,
    private readonly cases: CaseStateRepository,
  ) {}

  /** The plan's status on the file (also shown in the case read). */
  async state(m: Queryable, caseId: string): Promise<SafetyPlanStateDto> {
    const f = await this.plans.facts(m, caseId);
    const levels = this.catalogues.riskQuestionnaire().levels;
    const status = safetyPlanStatus(f.reviewedAt, f.latestAssessment, (l) => isHighRisk(l, levels));
    return {
      status,
      riskLevel: f.latestAssessment?.level ?? null,
      assessedAt: iso(f.latestAssessment?.assessedAt ?? null),
      reviewedAt: iso(f.reviewedAt),
    };
  }

  async get(actor: Actor, id: string): Promise<SafetyPlanDto> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const plan = await this.read(m, id);
      await this.file.record(m, actor, id, 'case.safety_plan_read');
      return plan;
    });
  }

  async save(
    actor: Actor,
    id: string,
    dto: SafetyPlanInputDto,
    cmd: IdempotentCommand,
  ): Promise<SafetyPlanDto> {
    await this.file.guard(actor, id, 'case.update');
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const version = await this.plans.save(m, {
          caseId: id,
          expected: dto.version,
          leavingItems: [...new Set(dto.leavingItems)],
          content: {
            warningSigns: dto.warningSigns,
            safePlaces: dto.safePlaces,
            trustedPeople: dto.trustedPeople.map((p) => ({
              name: p.name,
              relationship: p.relationship,
              howToReach: p.howToReach,
            })),
            leavingOther: dto.leavingOther,
            emergencyNumbers: dto.emergencyNumbers.map((n) => ({ label: n.label, number: n.number })),
            steps: dto.steps,
          },
          by: actor.user.id,
        });
        await this.cases.touch(m, id);
        await this.file.record(m, actor, id, 'case.safety_plan_saved', `version:${version}`);
        return this.read(m, id);
      }),
    );
  }

  /** A review of the current plan, changed or not: who and when. */
  async review(actor: Actor, id: string, cmd: IdempotentCommand): Promise<SafetyPlanDto> {
    await this.file.guard(actor, id, 'case.update');
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const head = await this.plans.head(m, id, { lock: true });
        if (!head) throw new DomainError('SAFETY_PLAN_NONE');
        await this.plans.review(m, {
          caseId: id,
          version: head.version,
          source: 'review',
          by: actor.user.id,
        });
        await this.cases.touch(m, id);
        await this.file.record(m, actor, id, 'case.safety_plan_reviewed', `version:${head.version}`);
        return this.read(m, id);
      }),
    );
  }

  async history(actor: Actor, id: string): Promise<SafetyPlanHistoryDto> {
    await this.file.guard(actor, id, 'case.read');
    return this.dataSource.transaction(async (m) => {
      const versions = await this.plans.versions(m, id);
      const reviews = await this.plans.reviews(m, id);
      await this.file.record(m, actor, id, 'case.safety_plan_history_read');
      const names = await this.directory.workNamesOf([
        ...versions.map((v) => v.savedBy),
        ...reviews.map((r) => r.reviewedBy),
      ]);
      const name = (userId: string): string | null => names.get(userId)?.displayName ?? null;
      const items = [
        ...versions.map((v) => ({
          kind: 'version' as const,
          version: v.version,
          at: v.savedAt,
          byId: v.savedBy,
          byName: name(v.savedBy),
          content: bodyOf(v.leavingItems, v.content),
        })),
        ...reviews.map((r) => ({
          kind: 'review' as const,
          version: r.version,
          at: r.reviewedAt,
          byId: r.reviewedBy,
          byName: name(r.reviewedBy),
          source: r.source,
        })),
      ].sort((a, b) => b.at.getTime() - a.at.getTime() || b.version - a.version);
      return { items: items.map((i) => ({ ...i, at: i.at.toISOString() })) };
    });
  }

  /**
   * A safety-plan follow-up completed (the followups module, in its transaction): its free text becomes
   * the steps of a first plan, or the completion is recorded as a review of the existing plan. The
   * follow-up keeps its own note; audited by the caller's follow_up.completed and here.
   */
  async recordFromFollowUp(
    m: EntityManager,
    f: { caseId: string; followUpId: string; actor: Actor; text: string | undefined },
  ): Promise<void> {
    const head = await this.plans.head(m, f.caseId, { lock: true });
    if (head) {
      await this.plans.review(m, {
        caseId: f.caseId,
        version: head.version,
        source: 'follow_up',
        followUpId: f.followUpId,
        by: f.actor.user.id,
      });
      await this.file.record(m, f.actor, f.caseId, 'case.safety_plan_reviewed', `version:${head.version}`);
      return;
    }
    if (!f.text) return;
    const version = await this.plans.save(m, {
      caseId: f.caseId,
      expected: 0,
      leavingItems: [],
      content: { ...EMPTY_SAFETY_PLAN, steps: f.text },
      by: f.actor.user.id,
    });
    await this.file.record(m, f.actor, f.caseId, 'case.safety_plan_saved', `version:${version}`);
  }

  private async read(m: Queryable, id: string): Promise<SafetyPlanDto> {
    const head = await this.plans.head(m, id);
    const [current] = head ? await this.plans.versions(m, id, 1) : [];
    const s = await this.survivors.findByCase(m, id);
    const state = await this.state(m, id);
    const names = await this.directory.workNamesOf(head && current ? [current.savedBy, head.reviewedBy] : []);
    const body = current ? bodyOf(current.leavingItems, current.content) : null;
    return {
      safetyPlan: state,
      plan:
        head && current && body
          ? {
              warningSigns: body.warningSigns,
              safePlaces: body.safePlaces,
              trustedPeople: body.trustedPeople,
              leavingItems: body.leavingItems,
              leavingOther: body.leavingOther,
              emergencyNumbers: body.emergencyNumbers,
              steps: body.steps,
              version: head.version,
              savedAt: current.savedAt.toISOString(),
              savedBy: current.savedBy,
              savedByName: names.get(current.savedBy)?.displayName ?? null,
              reviewedAt: head.reviewedAt.toISOString(),
              reviewedBy: head.reviewedBy,
              reviewedByName: names.get(head.reviewedBy)?.displayName ?? null,
            }
          : null,
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
}
