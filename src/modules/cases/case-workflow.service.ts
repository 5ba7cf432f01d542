import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { OutboxService } from '../../platform/outbox';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { IdentityDirectoryService } from '../identity';
import { CaseClosureRegistry } from './case-closure';
import { accessRecordOf, CaseRecord, loadCase, workflowOf } from './case-record';
import { enc } from './cases.crypto';
import { approveClosure, CaseState, isCaseState, rejectClosure, requestTransition } from './domain/workflow';
import {
  AssignedDto,
  BreakGlassGrantDto,
  RestrictionStateDto,
  TransitionDto,
  WorkflowStateDto,
} from './dto/case-file.dto';
import './cases.errors';

const SUPERVISOR = 'supervisor';
const COUNSELLOR = 'counsellor';

/**
 * The case's workflow (docs/DESIGN.md §3): transitions, closure by request and a second person's decision,
 * reopening; assignment by a supervisor; restriction; break-glass (docs/DESIGN.md §7).
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogues: CatalogueService,
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly directory: IdentityDirectoryService,
    private readonly closures: CaseClosureRegistry,
  ) {}

  async transition(actor: Actor, id: string, dto: TransitionDto): Promise<WorkflowStateDto> {
    const to = dto.to;
    if (!isCaseState(to)) throw new DomainError('VALIDATION_FAILED', { field: 'to' });
    const before = await loadCase(this.dataSource.manager, id);
    const action =
      to === 'closed' ? 'case.request_closure' : before.status === 'closed' ? 'case.reopen' : 'case.update';
    await this.access.assert(actor.user, action, accessRecordOf(before), { actor });
    return this.dataSource.transaction(async (m) => {
      const row = await loadCase(m, id, true);
      const outcome = requestTransition(
        workflowOf(row),
        to,
        { requestedBy: actor.user.id, requestedAt: new Date(), reasonCode: dto.reasonCode ?? null },
        this.catalogues.keys('closure-reasons'),
      );
      const reasonText = this.encrypt(dto.reasonText, 'case_transitions', 'reason_text_enc');
      if (outcome.kind === 'closure_requested') {
        await this.assertClosable(m, id);
        const reasonCode = outcome.workflow.pendingClosure?.reasonCode ?? '';
        const closureText = this.encrypt(dto.reasonText, 'closure_requests', 'reason_text_enc');
        await m.query(
          `INSERT INTO closure_requests (case_id, requested_by, reason_code, reason_text_enc)
           VALUES ($1, $2, $3, $4)`,
          [id, actor.user.id, reasonCode, closureText],
        );
        const version = await this.bump(
          m,
          row,
          `closure_requested_by = $3, closure_reason_code = $4, closure_reason_text_enc = $5,
           closure_requested_at = now()`,
          [actor.user.id, reasonCode, this.encrypt(dto.reasonText, 'cases', 'closure_reason_text_enc')],
        );
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
          organizationId: row.organization_id,
          reference: row.reference,
        });
        return { id, status: row.status, closurePending: true, version };
      }
      const version = await this.bump(m, row, `status = $3`, [outcome.workflow.state]);
      await this.recordTransition(m, actor, row, outcome.from, outcome.workflow.state, {
        reasonCode: dto.reasonCode ?? null,
        reasonTextEnc: reasonText,
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
    const before = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, 'case.approve_closure', accessRecordOf(before), { actor });
    return this.dataSource.transaction(async (m) => {
      const row = await loadCase(m, id, true);
      const decider = { id: actor.user.id, roles: actor.user.roles };
      const result =
        decision === 'approved'
          ? approveClosure(workflowOf(row), decider)
          : rejectClosure(workflowOf(row), decider);
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
      await m.query(
        `UPDATE closure_requests SET decided_by = $2, decided_at = now(), decision = $3, decision_reason_enc = $4
          WHERE case_id = $1 AND decision IS NULL`,
        [id, actor.user.id, decision, this.encrypt(reasonText, 'closure_requests', 'decision_reason_enc')],
      );
      const state = result.workflow.state;
      const version = await this.bump(
        m,
        row,
        `status = $3, closed_at = CASE WHEN $3 = 'closed' THEN now() ELSE closed_at END,
         closure_requested_by = NULL, closure_reason_code = NULL, closure_reason_text_enc = NULL,
         closure_requested_at = NULL`,
        [state],
      );
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
        await this.recordTransition(m, actor, row, workflowOf(row).state, 'closed', {
          reasonCode: result.closure.reasonCode,
          reasonTextEnc: null,
        });
      }
      return { id, status: state, closurePending: false, version };
    });
  }

  async assign(actor: Actor, id: string, assigneeId: string): Promise<AssignedDto> {
    const before = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, 'case.assign', accessRecordOf(before), { actor });
    const user = await this.directory.userFacts(assigneeId);
    if (
      !user ||
      user.disabled ||
      user.organizationId !== before.organization_id ||
      !user.roles.includes(COUNSELLOR)
    ) {
      throw new DomainError('CASE_ASSIGNEE_INVALID', { field: 'assigneeId' });
    }
    return this.dataSource.transaction(async (m) => {
      const row = await loadCase(m, id, true);
      const version = await this.bump(m, row, `assignee_id = $3`, [assigneeId]);
      await m.query(`INSERT INTO case_assignments (case_id, assignee_id, assigned_by) VALUES ($1, $2, $3)`, [
        id,
        assigneeId,
        actor.user.id,
      ]);
      await this.audit.record(m, {
        action: row.assignee_id ? 'case.reassigned' : 'case.assigned',
        actor: actor.user,
        entityType: 'case',
        entityId: id,
        caseId: id,
        requestId: actor.requestId,
      });
      await this.outbox.write(m, 'case.assigned', {
        caseId: id,
        organizationId: row.organization_id,
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
    const before = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, 'case.restrict', accessRecordOf(before), { actor });
    for (const [n, userId] of supervisorIds.entries()) {
      const user = await this.directory.userFacts(userId);
      if (
        !user ||
        user.disabled ||
        user.organizationId !== before.organization_id ||
        !user.roles.includes(SUPERVISOR)
      ) {
        throw new DomainError('CASE_SUPERVISOR_INVALID', { field: `supervisorIds.${n}` });
      }
    }
    // The supervisor who restricts stays named: a restriction never locks out the person setting it.
    const named = restricted ? [...new Set([actor.user.id, ...supervisorIds])] : [];
    return this.dataSource.transaction(async (m) => {
      const row = await loadCase(m, id, true);
      await this.bump(m, row, `restricted = $3`, [restricted]);
      await m.query(`DELETE FROM case_restricted_supervisors WHERE case_id = $1`, [id]);
      if (named.length > 0) {
        await m.query(
          `INSERT INTO case_restricted_supervisors (case_id, user_id) SELECT $1, u FROM unnest($2::uuid[]) AS u`,
          [id, named],
        );
      }
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
    const before = await loadCase(this.dataSource.manager, id);
    await this.access.assert(actor.user, 'case.break_glass', accessRecordOf(before), { actor });
    return this.dataSource.transaction(async (m) => {
      const row = await loadCase(m, id, true);
      const grant = await this.access.grantBreakGlass(m, {
        user: actor.user,
        caseId: id,
        organizationId: row.organization_id,
        restricted: row.restricted,
        reasonText,
        actor,
      });
      await this.outbox.write(m, 'break_glass.granted', {
        grantId: grant.id,
        caseId: id,
        organizationId: row.organization_id,
        userId: actor.user.id,
        reference: row.reference,
      });
      return { grantId: grant.id, caseId: id, expiresAt: grant.expiresAt.toISOString() };
    });
  }

  /** Used by the user.disabled handler: the user's open cases return to the unassigned queue. */
  async returnToQueue(m: EntityManager, userId: string): Promise<number> {
    const rows = await m.query<{ id: string; reference: string; organization_id: string }[]>(
      `WITH u AS (UPDATE cases SET assignee_id = NULL, version = version + 1, updated_at = now()
                   WHERE assignee_id = $1 AND status <> 'closed'
                   RETURNING id, reference, organization_id)
       SELECT id, reference, organization_id FROM u ORDER BY id`,
      [userId],
    );
    for (const r of rows) {
      await m.query(
        `INSERT INTO case_assignments (case_id, assignee_id, assigned_by) VALUES ($1, NULL, NULL)`,
        [r.id],
      );
      await this.audit.record(m, {
        action: 'case.unassigned',
        actor: null,
        entityType: 'case',
        entityId: r.id,
        caseId: r.id,
        reasonCode: 'user_disabled',
      });
      await this.outbox.write(m, 'case.unassigned', {
        caseId: r.id,
        organizationId: r.organization_id,
        reference: r.reference,
        userId,
      });
    }
    return rows.length;
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
    const [r] = await m.query<{ t: string | null }[]>(
      `SELECT closure_reason_text_enc AS t FROM cases WHERE id = $1`,
      [id],
    );
    const text = this.crypto.decryptOptional(r?.t ?? null, enc('cases', 'closure_reason_text_enc'));
    if (text) return text;
    const label = this.catalogues.get('closure-reasons')?.items.find((i) => i.key === reasonCode);
    return label ? `${label.vi} / ${label.en}` : reasonCode;
  }

  /** Bumps the version with the changes given ($1 id, $2 version read, then params); 409 when stale. */
  private async bump(m: EntityManager, row: CaseRecord, set: string, params: unknown[]): Promise<number> {
    const [updated] = await m.query<{ version: number }[]>(
      `WITH u AS (UPDATE cases SET ${set}, version = version + 1, updated_at = now()
                   WHERE id = $1 AND version = $2 RETURNING version)
       SELECT version FROM u`,
      [row.id, row.version, ...params],
    );
    if (!updated) throw new DomainError('VERSION_CONFLICT');
    return updated.version;
  }

  private async recordTransition(
    m: EntityManager,
    actor: Actor,
    row: CaseRecord,
    from: CaseState,
    to: CaseState,
    reason: { reasonCode: string | null; reasonTextEnc: string | null },
  ): Promise<void> {
    await m.query(
      `INSERT INTO case_transitions (case_id, from_status, to_status, reason_code, reason_text_enc, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, from, to, reason.reasonCode, reason.reasonTextEnc, actor.user.id],
    );
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

  private encrypt(value: string | undefined, table: string, column: string): string | null {
    return value === undefined || value.trim() === '' ? null : this.crypto.encrypt(value, enc(table, column));
  }
}
