import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { Actor, DomainError } from '../../platform/http';
import { OutboxService } from '../../platform/outbox';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { IdentityDirectoryService } from '../identity';
import { CaseClosureRegistry } from './case-closure';
import { CaseFileAccess, FileCase } from './case-file-access';
import { assertClosureReasonOffered } from './closure-reason-offered';
import { approveClosure, CaseState, isCaseState, rejectClosure, requestTransition } from './domain/workflow';
import {
  AssignedDto,
  BreakGlassGrantDto,
  RestrictionStateDto,
  TransitionDto,
  WorkflowStateDto,
} from './dto/case-file.dto';
import { CaseHistoryRepository } from './repositories/case-history.repository';
import { CaseSharingRepository } from './repositories/case-sharing.repository';
import { CaseStateRepository } from './repositories/case-state.repository';
import { CaseTransitionRepository } from './repositories/case-transition.repository';
import { ClosureRequestRepository } from './repositories/closure-request.repository';
import './cases.errors';

const SUPERVISOR = 'supervisor';
const COUNSELLOR = 'counsellor';

/** A free-text reason: blank is no reason. */
const textOrNull = (value: string | undefined): string | null =>
  value === undefined || value.trim() === '' ? null : value;

/**
 * The case's workflow (docs/DESIGN.md §3): transitions, closure by request and a second person's decision,
 * reopening; assignment by a supervisor; restriction; break-glass (docs/DESIGN.md §7).
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly directory: IdentityDirectoryService,
    private readonly closures: CaseClosureRegistry,
    private readonly file: CaseFileAccess,
    private readonly cases: CaseStateRepository,
    private readonly closureRequests: ClosureRequestRepository,
    private readonly transitions: CaseTransitionRepository,
    private readonly history: CaseHistoryRepository,
    private readonly sharing: CaseSharingRepository,
  ) {}

  async transition(actor: Actor, id: string, dto: TransitionDto): Promise<WorkflowStateDto> {
    const to = dto.to;
    if (!isCaseState(to)) throw new DomainError('VALIDATION_FAILED', { field: 'to' });
    const before = await this.file.load(this.dataSource.manager, id);
    const action =
      to === 'closed' ? 'case.request_closure' : before.status === 'closed' ? 'case.reopen' : 'case.update';
    await this.file.assert(actor, action, before);
    if (to === 'closed') assertClosureReasonOffered(this.catalogues, dto.reasonCode);
    return this.dataSource.transaction(async (m) => {
      const row = await this.file.load(m, id, { lock: true });
      const outcome = requestTransition(
        row.workflow,
        to,
        { requestedBy: actor.user.id, requestedAt: new Date(), reasonCode: dto.reasonCode ?? null },
        this.catalogues.keys('closure-reasons'),
      );
      const reasonText = textOrNull(dto.reasonText);
      if (outcome.kind === 'closure_requested') {
        await this.assertClosable(m, id);
        const reasonCode = outcome.workflow.pendingClosure?.reasonCode ?? '';
        const request = { requestedBy: actor.user.id, reasonCode, reasonText };
        await this.closureRequests.insert(m, { caseId: id, ...request });
        const version = await this.cases.requestClosure(m, row, request);
        await this.audit.record(m, {
          action: 'case.closure_requested',
          actor: actor.user,
          entityType: 'case',
          entityId: id,
          caseId: id,
          reasonCode,
          requestId: actor.requestId,
        });
        await this.outbox.write(m, 'case.closure_requested', {
          caseId: id,
          organizationId: row.organizationId,
          reference: row.reference,
        });
        return { id, status: row.status, closurePending: true, version };
      }
      const version = await this.cases.setStatus(m, row, outcome.workflow.state);
      await this.recordTransition(m, actor, row, outcome.from, outcome.workflow.state, {
        reasonCode: dto.reasonCode ?? null,
        reasonText,
      });
      return {
        id,
        status: outcome.workflow.state,
        closurePending: outcome.workflow.pendingClosure !== null,
        version,
      };
    });
  }

  async decideClosure(
    actor: Actor,
    id: string,
    decision: 'approved' | 'rejected',
    reasonText: string | undefined,
  ): Promise<WorkflowStateDto> {
    await this.file.guard(actor, id, 'case.approve_closure');
    return this.dataSource.transaction(async (m) => {
      const row = await this.file.load(m, id, { lock: true });
      const decider = { id: actor.user.id, roles: actor.user.roles };
      const result =
        decision === 'approved'
          ? approveClosure(row.workflow, decider)
          : rejectClosure(row.workflow, decider);
      if (decision === 'approved') {
        // Checked again: a referral may have been accepted since the request. Then what the closure
        // ends (unanswered referrals, open follow-ups) ends with it, in this transaction.
        await this.assertClosable(m, id);
        await this.closures.close(m, {
          caseId: id,
          actor,
          reasonCode: result.closure.reasonCode,
          reasonText: await this.closureReasonText(m, id, result.closure.reasonCode),
          at: new Date(),
        });
      }
      await this.closureRequests.decidePending(m, id, {
        decidedBy: actor.user.id,
        decision,
        reasonText: textOrNull(reasonText),
      });
      const state = result.workflow.state;
      const version = await this.cases.decideClosure(m, row, state);
      await this.audit.record(m, {
        action: decision === 'approved' ? 'case.closure_approved' : 'case.closure_rejected',
        actor: actor.user,
        entityType: 'case',
        entityId: id,
        caseId: id,
        reasonCode: result.closure.reasonCode,
        ...(reasonText ? { reasonText } : {}),
        requestId: actor.requestId,
      });
      if (decision === 'approved') {
        await this.recordTransition(m, actor, row, row.workflow.state, 'closed', {
          reasonCode: result.closure.reasonCode,
          reasonText: null,
        });
      }
      return { id, status: state, closurePending: false, version };
    });
  }

  async assign(actor: Actor, id: string, assigneeId: string): Promise<AssignedDto> {
    const before = await this.file.guard(actor, id, 'case.assign');
    if (!(await this.isActiveMember(assigneeId, before.organizationId, COUNSELLOR))) {
      throw new DomainError('CASE_ASSIGNEE_INVALID', { field: 'assigneeId' });
    }
    return this.dataSource.transaction(async (m) => {
      const row = await this.file.load(m, id, { lock: true });
      const version = await this.cases.assign(m, row, assigneeId);
      await this.history.recordAssignment(m, { caseId: id, assigneeId, assignedBy: actor.user.id });
      await this.audit.record(m, {
        action: row.assigneeId ? 'case.reassigned' : 'case.assigned',
        actor: actor.user,
        entityType: 'case',
        entityId: id,
        caseId: id,
        requestId: actor.requestId,
      });
      await this.outbox.write(m, 'case.assigned', {
        caseId: id,
        organizationId: row.organizationId,
        reference: row.reference,
        assigneeId,
      });
      return { id, assigneeId, version };
    });
  }

  async restrict(
    actor: Actor,
    id: string,
    restricted: boolean,
    supervisorIds: readonly string[] = [],
  ): Promise<RestrictionStateDto> {
    const before = await this.file.guard(actor, id, 'case.restrict');
    for (const [n, userId] of supervisorIds.entries()) {
      if (!(await this.isActiveMember(userId, before.organizationId, SUPERVISOR))) {
        throw new DomainError('CASE_SUPERVISOR_INVALID', { field: `supervisorIds.${n}` });
      }
    }
    // The supervisor who restricts stays named: a restriction never locks out the person setting it.
    const named = restricted ? [...new Set([actor.user.id, ...supervisorIds])] : [];
    return this.dataSource.transaction(async (m) => {
      const row = await this.file.load(m, id, { lock: true });
      await this.cases.setRestricted(m, row, restricted);
      await this.sharing.nameRestrictedSupervisors(m, id, named);
      await this.audit.record(m, {
        action: restricted ? 'case.restricted' : 'case.unrestricted',
        actor: actor.user,
        entityType: 'case',
        entityId: id,
        caseId: id,
        reasonCode: `named_${named.length}`,
        requestId: actor.requestId,
      });
      return { id, restricted, supervisorIds: named };
    });
  }

  async breakGlass(actor: Actor, id: string, reasonText: string): Promise<BreakGlassGrantDto> {
    await this.file.guard(actor, id, 'case.break_glass');
    return this.dataSource.transaction(async (m) => {
      const row = await this.file.load(m, id, { lock: true });
      const grant = await this.access.grantBreakGlass(m, {
        user: actor.user,
        caseId: id,
        organizationId: row.organizationId,
        restricted: row.restricted,
        reasonText,
        actor,
      });
      await this.outbox.write(m, 'break_glass.granted', {
        grantId: grant.id,
        caseId: id,
        organizationId: row.organizationId,
        userId: actor.user.id,
        reference: row.reference,
      });
      return { grantId: grant.id, caseId: id, expiresAt: grant.expiresAt.toISOString() };
    });
  }

  /** Used by the user.disabled handler: the user's open cases return to the unassigned queue. */
  async returnToQueue(m: EntityManager, userId: string): Promise<number> {
    const unassigned = await this.cases.unassignOpenCasesOf(m, userId);
    for (const c of unassigned) {
      await this.history.recordAssignment(m, { caseId: c.id, assigneeId: null, assignedBy: null });
      await this.audit.record(m, {
        action: 'case.unassigned',
        actor: null,
        entityType: 'case',
        entityId: c.id,
        caseId: c.id,
        reasonCode: 'user_disabled',
      });
      await this.outbox.write(m, 'case.unassigned', {
        caseId: c.id,
        organizationId: c.organizationId,
        reference: c.reference,
        userId,
      });
    }
    return unassigned.length;
  }

  /** An enabled user of the organisation with the role. */
  private async isActiveMember(userId: string, organizationId: string, role: string): Promise<boolean> {
    const user = await this.directory.userFacts(userId);
    return !!user && !user.disabled && user.organizationId === organizationId && user.roles.includes(role);
  }

  /** 409 CASE_CLOSURE_BLOCKED naming what keeps the case open (kind, id, status: no personal data). */
  private async assertClosable(m: EntityManager, id: string): Promise<void> {
    const blockers = await this.closures.blockers(m, id);
    if (blockers.length === 0) return;
    throw new DomainError(
      'CASE_CLOSURE_BLOCKED',
      { items: blockers.map((b) => `${b.kind} ${b.id} (${b.status})`).join(', ') },
      { blockers },
    );
  }

  /** The reason the items closed with the case carry: the requester's text, else the reason's label. */
  private async closureReasonText(m: EntityManager, id: string, reasonCode: string): Promise<string> {
    const text = await this.cases.closureReasonText(m, id);
    if (text) return text;
    const label = this.catalogues.item('closure-reasons', reasonCode);
    return label ? `${label.vi} / ${label.en}` : reasonCode;
  }

  private async recordTransition(
    m: EntityManager,
    actor: Actor,
    row: FileCase,
    from: CaseState,
    to: CaseState,
    reason: { reasonCode: string | null; reasonText: string | null },
  ): Promise<void> {
    await this.transitions.insert(m, { caseId: row.id, from, to, ...reason, actorId: actor.user.id });
    await this.audit.record(m, {
      action: 'case.transitioned',
      actor: actor.user,
      entityType: 'case',
      entityId: row.id,
      caseId: row.id,
      reasonCode: `${from}_to_${to}`,
      requestId: actor.requestId,
    });
  }
}
