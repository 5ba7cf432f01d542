import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogueService } from '../../platform/catalogues';
import { CryptoService } from '../../platform/crypto';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseForSharing, CaseSharingService } from '../cases';
import { IdentityDirectoryService } from '../identity';
import {
  CaseFollowUpsDto,
  CompleteFollowUpDto,
  CreateFollowUpDto,
  FollowUpDetailDto,
  FollowUpDto,
  RescheduleFollowUpDto,
} from './dto/follow-up.dto';
import { FOLLOW_UP_COLUMNS, followUpAccessRecord, FollowUpRow, loadFollowUp } from './follow-up-record';
import { FOLLOWUPS_CONFIG, FollowupsConfig } from './followups.config';
import { enc } from './followups.crypto';
import './followups.errors';

/** How far in the past a due time may be set: a task noted late the same evening still fits. */
const PAST_ALLOWANCE_MS = 24 * 3_600_000;
const ASSIGNABLE_ROLES = ['counsellor', 'supervisor'];
const NOTE = enc('follow_ups', 'note_enc');

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
    private readonly crypto: CryptoService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly identity: IdentityDirectoryService,
  ) {}

  async create(
    actor: Actor,
    caseId: string,
    dto: CreateFollowUpDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: FollowUpDto }> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.add_follow_up', facts.access, { actor });
    this.checkKind(dto.kind);
    const dueAt = this.dueAt(dto.dueAt, new Date());
    const assigneeId = await this.assignee(facts, dto.assigneeId);
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        {
          scope: actor.user.id,
          route: `POST /api/v1/cases/${caseId}/follow-ups`,
          key: idempotencyKey,
          body: dto,
        },
        async () => ({ statusCode: 201, body: await this.insert(m, actor, facts, dto, dueAt, assigneeId) }),
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  /** The follow-up with its note and the case's safe contact; the read is audited against the case. */
  async get(actor: Actor, id: string): Promise<FollowUpDetailDto> {
    const row = await this.guard(actor, id, 'follow_up.read');
    return this.dataSource.transaction(async (m) => {
      const shared = await this.cases.sharedFields(row.case_id, ['safeContact'], m);
      await this.audit.record(m, {
        action: 'follow_up.read',
        actor: actor.user,
        entityType: 'follow_up',
        entityId: row.id,
        caseId: row.case_id,
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
      const rows = await m.query<FollowUpRow[]>(
        `SELECT ${FOLLOW_UP_COLUMNS} FROM follow_ups WHERE case_id = $1
          ORDER BY (status = 'open') DESC,
                   CASE WHEN status = 'open' THEN due_at END ASC,
                   due_at DESC, id`,
        [caseId],
      );
      await this.audit.record(m, {
        action: 'case.follow_ups_read',
        actor: actor.user,
        entityType: 'case',
        entityId: caseId,
        caseId,
        requestId: actor.requestId,
      });
      const ids = rows.map((r) => r.assignee_id).filter((v): v is string => v !== null);
      const names = await this.identity.workNamesOf(ids);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          dueAt: r.due_at.toISOString(),
          status: r.status,
          assigneeId: r.assignee_id,
          assigneeName: r.assignee_id ? (names.get(r.assignee_id)?.displayName ?? null) : null,
          completedAt: r.completed_at ? r.completed_at.toISOString() : null,
          outcome: r.outcome,
        })),
      };
    });
  }

  async complete(
    actor: Actor,
    id: string,
    dto: CompleteFollowUpDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: FollowUpDto }> {
    await this.guard(actor, id, 'follow_up.update');
    this.key('follow-up-outcomes', dto.outcome, 'outcome');
    return this.step(actor, id, 'complete', dto, idempotencyKey, async (m, row) => {
      const now = new Date();
      const params: unknown[] = [row.id, now, actor.user.id, dto.outcome];
      let note = '';
      if (dto.note !== undefined) {
        params.push(this.crypto.encrypt(dto.note, NOTE));
        note = `, note_enc = $${params.length}`;
      }
      const [done] = await m.query<FollowUpRow[]>(
        `WITH u AS (UPDATE follow_ups SET status = 'done', completed_at = $2, completed_by = $3, outcome = $4,
                next_reminder_at = NULL, version = version + 1, updated_at = $2${note}
          WHERE id = $1 RETURNING ${FOLLOW_UP_COLUMNS}) SELECT * FROM u`,
        params,
      );
      if (!done) throw new Error('follow-up not completed');
      await this.audit.record(m, {
        action: 'follow_up.completed',
        actor: actor.user,
        entityType: 'follow_up',
        entityId: row.id,
        caseId: row.case_id,
        reasonCode: dto.outcome,
        requestId: actor.requestId,
      });
      return done;
    });
  }

  async reschedule(
    actor: Actor,
    id: string,
    dto: RescheduleFollowUpDto,
    idempotencyKey: string | undefined,
  ): Promise<{ statusCode: number; body: FollowUpDto }> {
    await this.guard(actor, id, 'follow_up.update');
    const dueAt = this.dueAt(dto.dueAt, new Date());
    return this.step(actor, id, 'reschedule', dto, idempotencyKey, async (m, row) => {
      // A new due time starts the reminders again: the due reminder first, then the escalation.
      const [moved] = await m.query<FollowUpRow[]>(
        `WITH u AS (UPDATE follow_ups SET due_at = $2, reminder_stage = 0, next_reminder_at = $2,
                version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING ${FOLLOW_UP_COLUMNS}) SELECT * FROM u`,
        [row.id, dueAt],
      );
      if (!moved) throw new Error('follow-up not rescheduled');
      await this.audit.record(m, {
        action: 'follow_up.rescheduled',
        actor: actor.user,
        entityType: 'follow_up',
        entityId: row.id,
        caseId: row.case_id,
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
  private async guard(actor: Actor, id: string, action: string): Promise<FollowUpRow> {
    const row = await loadFollowUp(this.dataSource.manager, id);
    await this.access.assert(actor.user, action, followUpAccessRecord(row), { actor });
    const facts = await this.cases.caseFacts(row.case_id);
    await this.access.assert(actor.user, 'case.read', facts.access, { actor });
    return row;
  }

  /**
   * Complete or reschedule under the Idempotency-Key: the state is checked under the row lock inside the
   * work, so a retried request replays its first answer instead of meeting FOLLOW_UP_NOT_OPEN.
   */
  private async step(
    actor: Actor,
    id: string,
    verb: 'complete' | 'reschedule',
    body: unknown,
    idempotencyKey: string | undefined,
    work: (m: EntityManager, row: FollowUpRow) => Promise<FollowUpRow>,
  ): Promise<{ statusCode: number; body: FollowUpDto }> {
    return this.dataSource.transaction(async (m) => {
      const result = await this.idempotency.run(
        m,
        { scope: actor.user.id, route: `POST /api/v1/follow-ups/${id}/${verb}`, key: idempotencyKey, body },
        async () => {
          const row = await loadFollowUp(m, id, true);
          if (row.status !== 'open') throw new DomainError('FOLLOW_UP_NOT_OPEN', { status: row.status });
          return { statusCode: 200, body: this.toDto(await work(m, row)) };
        },
      );
      return { statusCode: result.statusCode, body: result.body };
    });
  }

  private async insert(
    m: EntityManager,
    actor: Actor,
    facts: CaseForSharing,
    dto: CreateFollowUpDto,
    dueAt: Date,
    assigneeId: string | null,
  ): Promise<FollowUpDto> {
    const [row] = await m.query<FollowUpRow[]>(
      `INSERT INTO follow_ups (case_id, reference, organization_id, kind, due_at, assignee_id, note_enc,
                               reminder_stage, next_reminder_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $5, $8) RETURNING ${FOLLOW_UP_COLUMNS}`,
      [
        facts.id,
        facts.reference,
        facts.organizationId,
        dto.kind,
        dueAt,
        assigneeId,
        dto.note ? this.crypto.encrypt(dto.note, NOTE) : null,
        actor.user.id,
      ],
    );
    if (!row) throw new Error('follow-up not written');
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
    this.key('follow-up-kinds', kind, 'kind');
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

  private key(catalogue: string, value: string, field: string): void {
    if (this.catalogues.has(catalogue, value)) return;
    const allowed = this.catalogues.keys(catalogue);
    throw new DomainError('UNKNOWN_CATALOGUE_KEY', { field, allowed: allowed.join(', ') }, { allowed });
  }

  private toDto(r: FollowUpRow): FollowUpDto {
    return {
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      kind: r.kind,
      dueAt: r.due_at.toISOString(),
      assigneeId: r.assignee_id,
      note: this.crypto.decryptOptional(r.note_enc, NOTE),
      status: r.status,
      completedAt: r.completed_at ? r.completed_at.toISOString() : null,
      completedBy: r.completed_by,
      outcome: r.outcome,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      version: r.version,
    };
  }
}
