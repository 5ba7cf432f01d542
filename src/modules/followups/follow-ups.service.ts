import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseForSharing, CaseSharingService, SafetyPlanService } from '../cases';
import { IdentityDirectoryService } from '../identity';
import {
  CaseFollowUpsDto,
  CompleteFollowUpDto,
  CreateFollowUpDto,
  FollowUpDetailDto,
  FollowUpDto,
  RescheduleFollowUpDto,
} from './dto/follow-up.dto';
import { FollowUpPlanner } from './follow-up-planner';
import { followUpAccessRecord } from './follow-up-record';
import { FollowUp, FollowUpRepository } from './follow-up.repository';
import { FOLLOWUPS_CONFIG, FollowupsConfig } from './followups.config';
import './followups.errors';

/** How far in the past a due time may be set: a task noted late the same evening still fits. */
const PAST_ALLOWANCE_MS = 24 * 3_600_000;
const ASSIGNABLE_ROLES = ['counsellor', 'supervisor'];

/**
 * Follow-ups by hand (docs/DESIGN.md §5): added to a case by whoever may change its file, read, completed and
 * rescheduled by their assignee or the supervisors of the case's organisation, and only while the case
 * itself may be read (a restricted case's follow-ups stay hidden). Each use case is one transaction with
 * its audit row; the note is encrypted and never leaves the module but in the follow-up's own answers.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FOLLOWUPS_CONFIG) private readonly config: FollowupsConfig,
    private readonly catalogues: CatalogueService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly identity: IdentityDirectoryService,
    private readonly followUps: FollowUpRepository,
    private readonly planner: FollowUpPlanner,
    private readonly safetyPlans: SafetyPlanService,
  ) {}

  async create(
    actor: Actor,
    caseId: string,
    dto: CreateFollowUpDto,
    cmd: IdempotentCommand,
  ): Promise<FollowUpDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.add_follow_up', facts.access, { actor });
    this.checkKind(dto.kind);
    const dueAt = this.dueAt(dto.dueAt, new Date());
    const assigneeId = await this.assignee(facts, dto.assigneeId);
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, () => this.insert(m, actor, facts, dto, dueAt, assigneeId)),
    );
  }

  /** The follow-up with its note and the case's safe contact; the read is audited against the case. */
  async get(actor: Actor, id: string): Promise<FollowUpDetailDto> {
    const row = await this.guard(actor, id, 'follow_up.read');
    return this.dataSource.transaction(async (m) => {
      const shared = await this.cases.sharedFields(row.caseId, ['safeContact'], m);
      await this.audit.record(m, {
        action: 'follow_up.read',
        actor: actor.user,
        entityType: 'follow_up',
        entityId: row.id,
        caseId: row.caseId,
        requestId: actor.requestId,
      });
      return Object.assign(this.toDto(row), { safeContact: shared.safeContact ?? null });
    });
  }

  /**
   * The case's follow-ups, open and done, decided and audited as the file read is (case.read; refused
   * answers 404). Open first by due time, then the others newest due first.
   */
  async listForCase(actor: Actor, caseId: string): Promise<CaseFollowUpsDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.read', facts.access, { actor });
    return this.dataSource.transaction(async (m) => {
      const rows = await this.followUps.listForCase(m, caseId);
      await this.audit.record(m, {
        action: 'case.follow_ups_read',
        actor: actor.user,
        entityType: 'case',
        entityId: caseId,
        caseId,
        requestId: actor.requestId,
      });
      const ids = rows.map((r) => r.assigneeId).filter((v): v is string => v !== null);
      const names = await this.identity.workNamesOf(ids);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          dueAt: r.dueAt.toISOString(),
          status: r.status,
          assigneeId: r.assigneeId,
          assigneeName: r.assigneeId ? (names.get(r.assigneeId)?.displayName ?? null) : null,
          completedAt: r.completedAt ? r.completedAt.toISOString() : null,
          outcome: r.outcome,
        })),
      };
    });
  }

  async complete(
    actor: Actor,
    id: string,
    dto: CompleteFollowUpDto,
    cmd: IdempotentCommand,
  ): Promise<FollowUpDto> {
    await this.guard(actor, id, 'follow_up.update');
    this.catalogues.assertKey('follow-up-outcomes', dto.outcome, 'outcome');
    return this.step(cmd, id, async (m, row) => {
      const now = new Date();
      const done = await this.followUps.complete(m, row.id, {
        at: now,
        by: actor.user.id,
        outcome: dto.outcome,
        note: dto.note,
      });
      // The structured plan is the file's safety plan: the follow-up's text starts it, or reviews it.
      if (row.kind === 'safety_plan') {
        await this.safetyPlans.recordFromFollowUp(m, {
          caseId: row.caseId,
          followUpId: row.id,
          actor,
          text: dto.note,
        });
      }
      await this.audit.record(m, {
        action: 'follow_up.completed',
        actor: actor.user,
        entityType: 'follow_up',
        entityId: row.id,
        caseId: row.caseId,
        reasonCode: dto.outcome,
        requestId: actor.requestId,
      });
      // A case plan's review done: the next one of its series (docs/ARCHITECTURE.md "The case plan").
      if (row.kind === 'plan_review') await this.planner.nextPlanReview(m, row.id, now);
      return done;
    });
  }

  async reschedule(
    actor: Actor,
    id: string,
    dto: RescheduleFollowUpDto,
    cmd: IdempotentCommand,
  ): Promise<FollowUpDto> {
    await this.guard(actor, id, 'follow_up.update');
    const dueAt = this.dueAt(dto.dueAt, new Date());
    return this.step(cmd, id, async (m, row) => {
      // A new due time starts the reminders again: the due reminder first, then the escalation.
      const moved = await this.followUps.reschedule(m, row.id, dueAt);
      await this.audit.record(m, {
        action: 'follow_up.rescheduled',
        actor: actor.user,
        entityType: 'follow_up',
        entityId: row.id,
        caseId: row.caseId,
        reasonCode: 'rescheduled',
        reasonText: dto.reasonText,
        requestId: actor.requestId,
      });
      return moved;
    });
  }

  // --- helpers ----------------------------------------------------------------------------------------

  /**
   * The action on the follow-up (assignee or supervisor of its organisation), then case.read on its case:
   * either refused answers 404 (hidden), audited by AccessService.
   */
  private async guard(actor: Actor, id: string, action: string): Promise<FollowUp> {
    const row = await this.followUps.get(this.dataSource.manager, id);
    await this.access.assert(actor.user, action, followUpAccessRecord(row), { actor });
    const facts = await this.cases.caseFacts(row.caseId);
    await this.access.assert(actor.user, 'case.read', facts.access, { actor });
    return row;
  }

  /**
   * Complete or reschedule under the Idempotency-Key: the state is checked under the row lock inside the
   * work, so a retried request replays its first answer instead of meeting FOLLOW_UP_NOT_OPEN.
   */
  private async step(
    cmd: IdempotentCommand,
    id: string,
    work: (m: EntityManager, row: FollowUp) => Promise<FollowUp>,
  ): Promise<FollowUpDto> {
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const row = await this.followUps.get(m, id, { lock: true });
        if (row.status !== 'open') throw new DomainError('FOLLOW_UP_NOT_OPEN', { status: row.status });
        return this.toDto(await work(m, row));
      }),
    );
  }

  private async insert(
    m: EntityManager,
    actor: Actor,
    facts: CaseForSharing,
    dto: CreateFollowUpDto,
    dueAt: Date,
    assigneeId: string | null,
  ): Promise<FollowUpDto> {
    const row = await this.followUps.insert(m, {
      caseId: facts.id,
      reference: facts.reference,
      organizationId: facts.organizationId,
      kind: dto.kind,
      dueAt,
      assigneeId,
      note: dto.note,
      createdBy: actor.user.id,
    });
    await this.audit.record(m, {
      action: 'follow_up.created',
      actor: actor.user,
      entityType: 'follow_up',
      entityId: row.id,
      caseId: facts.id,
      reasonCode: dto.kind,
      requestId: actor.requestId,
    });
    return this.toDto(row);
  }

  private checkKind(kind: string): void {
    this.catalogues.assertKey('follow-up-kinds', kind, 'kind');
    if (!this.config.manualKinds.includes(kind)) {
      throw new DomainError(
        'FOLLOW_UP_KIND_NOT_MANUAL',
        { field: 'kind', allowed: this.config.manualKinds.join(', ') },
        { allowed: this.config.manualKinds },
      );
    }
  }

  /** A real instant, not more than a day in the past. */
  private dueAt(text: string, now: Date): Date {
    const dueAt = new Date(text);
    if (Number.isNaN(dueAt.getTime())) {
      throw new DomainError('VALIDATION_FAILED', { fields: 'dueAt' }, [
        { field: 'dueAt', problems: ['dueAt must be a real date and time'] },
      ]);
    }
    if (dueAt.getTime() < now.getTime() - PAST_ALLOWANCE_MS) {
      throw new DomainError('FOLLOW_UP_DUE_IN_PAST', { field: 'dueAt' });
    }
    return dueAt;
  }

  /** The one named (an active counsellor or supervisor of the case's organisation), else the case's assignee. */
  private async assignee(facts: CaseForSharing, assigneeId: string | undefined): Promise<string | null> {
    if (assigneeId === undefined) return facts.assigneeId;
    const user = await this.identity.userFacts(assigneeId);
    if (
      !user ||
      user.disabled ||
      user.organizationId !== facts.organizationId ||
      !user.roles.some((r) => ASSIGNABLE_ROLES.includes(r))
    ) {
      throw new DomainError('FOLLOW_UP_ASSIGNEE_INVALID', { field: 'assigneeId' });
    }
    return user.id;
  }

  private toDto(r: FollowUp): FollowUpDto {
    return {
      id: r.id,
      caseId: r.caseId,
      reference: r.reference,
      kind: r.kind,
      dueAt: r.dueAt.toISOString(),
      assigneeId: r.assigneeId,
      note: r.note,
      status: r.status,
      completedAt: r.completedAt ? r.completedAt.toISOString() : null,
      completedBy: r.completedBy,
      outcome: r.outcome,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
      version: r.version,
    };
  }
}
