import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, decodeCursor, DomainError, pageOf } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { addDays, hanoiDateOf, hanoiInstant } from '../../platform/time';
import { AccessRecord, AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseSharingService } from '../cases';
import { IdentityDirectoryService } from '../identity';
import { Call, CallRepository, CallValues } from './call.repository';
import {
  CallDto,
  CallListDto,
  CaseCallListDto,
  CreateCallDto,
  ListCallsQuery,
  UpdateCallDto,
} from './dto/call.dto';
import './calls.errors';

const PAGE_DEFAULT = 50;
/** A case's calls shown in its file, newest first. */
const CASE_CALLS_MAX = 200;
/** How far back a call may be logged. */
const BACKDATE_DAYS = 7;
/** Outcomes that say the call opened or concerned a case: they need one. */
const NEEDS_CASE = new Set(['case_opened', 'linked_to_case']);
const DEFAULT_CHANNEL = 'hotline';

const accessRecordOf = (c: Call): AccessRecord => ({
  id: c.id,
  organizationId: c.organizationId,
  ownerId: c.operatorId,
  createdBy: c.operatorId,
  createdAt: c.createdAt,
});

const dtoOf = (c: Call): CallDto => ({
  id: c.id,
  organizationId: c.organizationId,
  operatorId: c.operatorId,
  startedAt: c.startedAt.toISOString(),
  durationSeconds: c.durationSeconds,
  channel: c.channel,
  category: c.category,
  outcome: c.outcome,
  caseId: c.caseId,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  version: c.version,
});

/** The first instant of a Hanoi day given as YYYY-MM-DD (checked by the DTO). */
const dayStart = (day: string): Date => {
  const [year = 0, month = 0, date = 0] = day.split('-').map(Number);
  return hanoiInstant({ year, month, day: date });
};

/**
 * The call log (issue 15, item 9): every hotline call, with a case or without. Catalogue keys, times and
 * ids only: nothing personal is asked or stored. A call links to a case only if the caller may read it.
 */
@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cases: CaseSharingService,
    private readonly people: IdentityDirectoryService,
  ) {}

  async create(actor: Actor, dto: CreateCallDto, cmd: IdempotentCommand): Promise<CallDto> {
    await this.access.assert(actor.user, 'call.create', undefined, { actor });
    const now = new Date();
    const startedAt = dto.startedAt
      ? new Date(dto.startedAt)
      : new Date(now.getTime() - dto.durationSeconds * 1000);
    if (startedAt.getTime() > now.getTime() + 60_000 || startedAt < addDays(now, -BACKDATE_DAYS)) {
      throw new DomainError('CALL_START_OUT_OF_RANGE', { field: 'startedAt', days: BACKDATE_DAYS });
    }
    const values = await this.check(actor, {
      channel: dto.channel ?? DEFAULT_CHANNEL,
      category: dto.category,
      outcome: dto.outcome,
      caseId: dto.caseId ?? null,
    });
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, () =>
        this.insert(m, actor, { ...values, startedAt, durationSeconds: dto.durationSeconds }),
      ),
    );
  }

  async get(actor: Actor, id: string): Promise<CallDto> {
    return dtoOf(await this.guard(actor, id, 'call.read'));
  }

  async list(actor: Actor, query: ListCallsQuery): Promise<CallListDto> {
    await this.assertMayList(actor);
    const after = decodeCursor(query.cursor, 2);
    const limit = query.limit ?? PAGE_DEFAULT;
    const supervisor = actor.user.roles.includes('supervisor');
    // Without bounds, an operator's list is today's calls (Hanoi); a supervisor's every call.
    const today = hanoiInstant(hanoiDateOf(new Date()));
    const from = query.from ? dayStart(query.from) : query.to || supervisor ? undefined : today;
    const to = query.to ? addDays(dayStart(query.to), 1) : undefined;
    if (from && to && from >= to) throw new DomainError('CALL_RANGE_INVALID', { field: 'from, to' });
    const rows = await this.calls.page(
      this.dataSource.manager,
      {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.outcome ? { outcome: query.outcome } : {}),
        ...(query.mine ? { operatorId: actor.user.id } : {}),
        ...(after ? { after: { startedAt: after[0] ?? '', id: after[1] ?? '' } } : {}),
        visible: (firstParam) =>
          this.access.filter(actor.user, 'call.list', 'call', { alias: 'cl', firstParam }),
      },
      limit + 1,
    );
    return pageOf(rows, limit, (c) => [c.cursorAt, c.id], dtoOf);
  }

  async update(actor: Actor, id: string, dto: UpdateCallDto): Promise<CallDto> {
    const was = await this.guard(actor, id, 'call.update');
    const caseChanged = dto.caseId !== undefined && dto.caseId !== was.caseId;
    const values = await this.check(
      actor,
      {
        channel: dto.channel ?? was.channel,
        category: dto.category ?? was.category,
        outcome: dto.outcome ?? was.outcome,
        caseId: dto.caseId === undefined ? was.caseId : dto.caseId,
      },
      // A case already linked stays linked even if the caller no longer reads it (the operator's 24 hours).
      caseChanged,
    );
    return this.dataSource.transaction(async (m) => {
      const row = await this.calls.updateVersioned(m, id, dto.version, values);
      if (!row) throw new DomainError('VERSION_CONFLICT');
      await this.audit.record(m, {
        action: 'call.updated',
        actor: actor.user,
        entityType: 'call',
        entityId: row.id,
        ...(row.caseId ? { caseId: row.caseId } : {}),
        requestId: actor.requestId,
      });
      return dtoOf(row);
    });
  }

  /** The calls that concern a case, for its file: whoever may read the case; the read is audited. */
  async listForCase(actor: Actor, caseId: string): Promise<CaseCallListDto> {
    const facts = await this.cases.caseFacts(caseId);
    await this.access.assert(actor.user, 'case.read_calls', facts.access, { actor });
    return this.dataSource.transaction(async (m) => {
      const rows = await this.calls.listForCase(m, caseId, CASE_CALLS_MAX);
      await this.audit.record(m, {
        action: 'case.calls_read',
        actor: actor.user,
        entityType: 'case',
        entityId: caseId,
        caseId,
        requestId: actor.requestId,
      });
      const names = await this.people.workNamesOf([...new Set(rows.map((r) => r.operatorId))]);
      return {
        items: rows.map((r) => {
          const name = names.get(r.operatorId);
          return Object.assign(dtoOf(r), { operatorName: name ? name.displayName : null });
        }),
      };
    });
  }

  // --- checks and rows ----------------------------------------------------------------------------------

  /** The outcome's need for a case, and the case itself: one the caller may read (else 422, not 404). */
  private async check(actor: Actor, v: CallValues, checkCase = true): Promise<CallValues> {
    if (NEEDS_CASE.has(v.outcome) && v.caseId === null) {
      throw new DomainError('CALL_CASE_REQUIRED', { field: 'caseId', outcome: v.outcome });
    }
    if (v.caseId !== null && checkCase && !(await this.mayReadCase(actor, v.caseId))) {
      throw new DomainError('CALL_CASE_UNAVAILABLE', { field: 'caseId' });
    }
    return v;
  }

  private async mayReadCase(actor: Actor, caseId: string): Promise<boolean> {
    try {
      const facts = await this.cases.caseFacts(caseId);
      return (await this.access.can(actor.user, 'case.read', facts.access)) === 'allow';
    } catch (e) {
      if (e instanceof DomainError && e.code === 'NOT_FOUND') return false;
      throw e;
    }
  }

  private async insert(
    m: EntityManager,
    actor: Actor,
    v: CallValues & { startedAt: Date; durationSeconds: number },
  ): Promise<CallDto> {
    const row = await this.calls.insert(m, v, {
      organizationId: actor.user.organizationId,
      operatorId: actor.user.id,
    });
    await this.audit.record(m, {
      action: 'call.created',
      actor: actor.user,
      entityType: 'call',
      entityId: row.id,
      ...(row.caseId ? { caseId: row.caseId } : {}),
      requestId: actor.requestId,
    });
    return dtoOf(row);
  }

  private async guard(actor: Actor, id: string, action: string): Promise<Call> {
    const row = await this.calls.findById(this.dataSource.manager, id);
    if (!row) throw new DomainError('NOT_FOUND');
    await this.access.assert(actor.user, action, accessRecordOf(row), { actor });
    return row;
  }

  /** Roles that may see no call at all: the list itself is refused, 403, and the refusal audited. */
  private async assertMayList(actor: Actor): Promise<void> {
    if (this.access.filter(actor.user, 'call.list', 'call').sql !== 'FALSE') return;
    await this.dataSource.transaction((m) =>
      this.audit.record(m, {
        action: 'access.denied',
        outcome: 'denied',
        actor: actor.user,
        entityType: 'call',
        reasonCode: 'call.list',
        requestId: actor.requestId,
      }),
    );
    throw new DomainError('FORBIDDEN');
  }
}
