import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError } from '../../platform/http';
import { IdempotencyService, IdempotentCommand } from '../../platform/idempotency';
import { AccessService } from '../access';
import { AuditService } from '../audit';
import { CaseMoveRegistry } from './case-moves';
import { caseAccessRecord } from './case-record';
import { CASES_CONFIG, CasesConfig } from './cases.config';
import { CaseMergeDto, CaseMergeInputDto, CaseMergesDto } from './dto/case-merge.dto';
import { CaseStateRepository } from './repositories/case-state.repository';
import { CaseMergeRepository, CaseMergeRow, MERGED_STATUS } from './repositories/case-merge.repository';
import { CaseHead, CaseRepository } from './repositories/case.repository';
import './case-merge.errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const CLOSED = 'closed';

const mergeOf = (r: CaseMergeRow, now: Date): CaseMergeDto => ({
  id: r.id,
  surviving: { id: r.survivingCaseId, reference: r.survivingReference },
  merged: { id: r.mergedCaseId, reference: r.mergedReference },
  moved: Object.entries(r.moved).map(([participant, ids]) => ({ participant, count: ids.length })),
  mergedBy: r.mergedBy,
  mergedAt: r.mergedAt.toISOString(),
  undoDeadline: r.undoDeadline.toISOString(),
  undoneBy: r.undoneBy,
  undoneAt: r.undoneAt?.toISOString() ?? null,
  undoable: r.undoneAt === null && now.getTime() <= r.undoDeadline.getTime(),
});

/**
 * A supervisor merges two cases of one organisation, and may undo it for a configured time
 * (docs/ARCHITECTURE.md "Duplicates: link, merge, undo"). The merge runs in one transaction under both
 * cases' row locks, taken in id order: every CaseMoveRegistry participant moves the merged case's rows and
 * names them; the merge record keeps those ids; the merged case stands 'merged' (out of lists, its file
 * answers 410 with its successor). The undo gives exactly those rows back and restores the earlier status.
 */
@Injectable()
export class CaseMergesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly registry: CaseMoveRegistry,
    private readonly cases: CaseRepository,
    private readonly merges: CaseMergeRepository,
    private readonly state: CaseStateRepository,
  ) {}

  async merge(
    actor: Actor,
    survivingId: string,
    dto: CaseMergeInputDto,
    cmd: IdempotentCommand,
  ): Promise<CaseMergeDto> {
    const surviving = await this.head(survivingId);
    await this.access.assert(actor.user, 'case.merge', caseAccessRecord(surviving), { actor });
    if (dto.mergedCaseId === surviving.id) throw new DomainError('CASE_MERGE_SAME_CASE');
    // A case the supervisor may not merge is hidden (404): another organisation's case among them.
    const merged = await this.head(dto.mergedCaseId);
    await this.access.assert(actor.user, 'case.merge', caseAccessRecord(merged), { actor });
    if (merged.organizationId !== surviving.organizationId) {
      throw new DomainError('CASE_MERGE_OTHER_ORGANIZATION');
    }
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        const [s, g] = await this.lockBoth(m, surviving.id, merged.id);
        this.checkMergeable(s, 'id', dto.survivingVersion);
        this.checkMergeable(g, 'mergedCaseId', dto.mergedVersion);
        const at = new Date();
        const mergeId = randomUUID();
        const moved = await this.registry.merge(m, {
          mergeId,
          mergedCaseId: g.id,
          survivingCaseId: s.id,
          actor,
          at,
        });
        await this.merges.insertMerge(
          m,
          {
            survivingCaseId: s.id,
            mergedCaseId: g.id,
            mergedStatus: g.status,
            moved,
            mergedBy: actor.user.id,
            mergedAt: at,
            undoDeadline: new Date(at.getTime() + this.config.mergeUndoWithinDays * DAY_MS),
          },
          mergeId,
        );
        await this.merges.setStatus(m, g.id, MERGED_STATUS);
        await this.state.touch(m, s.id);
        await this.record(m, actor, 'case.merged', mergeId, s.id, 'surviving');
        await this.record(m, actor, 'case.merged', mergeId, g.id, 'merged');
        await this.recordCounts(m, actor, 'case_merge.moved', mergeId, s.id, moved);
        return mergeOf(await this.found(m, mergeId), at);
      }),
    );
  }

  async undo(actor: Actor, mergeId: string, cmd: IdempotentCommand): Promise<CaseMergeDto> {
    const row = await this.merges.findMerge(this.dataSource.manager, mergeId);
    if (!row) throw new DomainError('NOT_FOUND');
    const surviving = await this.head(row.survivingCaseId);
    await this.access.assert(actor.user, 'case.merge', caseAccessRecord(surviving), { actor });
    return this.dataSource.transaction((m) =>
      this.idempotency.command(m, cmd, async () => {
        await this.lockBoth(m, row.survivingCaseId, row.mergedCaseId);
        const merge = await this.found(m, mergeId, true);
        const at = new Date();
        if (merge.undoneAt) throw new DomainError('CASE_MERGE_ALREADY_UNDONE');
        if (at.getTime() > merge.undoDeadline.getTime()) {
          throw new DomainError('CASE_MERGE_UNDO_EXPIRED', { deadline: merge.undoDeadline.toISOString() });
        }
        // Records moved on with the surviving case when it was merged in turn: that merge is undone first.
        if (await this.merges.standingMergeOf(m, merge.survivingCaseId)) {
          throw new DomainError('CASE_MERGE_SUCCESSOR_MERGED');
        }
        const what = {
          mergeId,
          mergedCaseId: merge.mergedCaseId,
          survivingCaseId: merge.survivingCaseId,
          actor,
          at,
        };
        await this.registry.unmerge(m, what, merge.moved);
        await this.merges.markUndone(m, mergeId, actor.user.id, at);
        await this.merges.setStatus(m, merge.mergedCaseId, merge.mergedStatus);
        await this.state.touch(m, merge.survivingCaseId);
        await this.record(m, actor, 'case.merge_undone', mergeId, merge.survivingCaseId, 'surviving');
        await this.record(m, actor, 'case.merge_undone', mergeId, merge.mergedCaseId, 'merged');
        await this.recordCounts(m, actor, 'case_merge.returned', mergeId, merge.mergedCaseId, merge.moved);
        return mergeOf(await this.found(m, mergeId), at);
      }),
    );
  }

  /** The merges a case took part in (surviving or merged), newest first: whoever may read the case. */
  async list(actor: Actor, caseId: string): Promise<CaseMergesDto> {
    const head = await this.head(caseId);
    await this.access.assert(actor.user, 'case.read', caseAccessRecord(head), { actor });
    const now = new Date();
    const rows = await this.merges.listMerges(this.dataSource.manager, head.id);
    return { items: rows.map((r) => mergeOf(r, now)) };
  }

  private async head(caseId: string): Promise<CaseHead> {
    const head = await this.cases.findHead(this.dataSource.manager, caseId);
    if (!head) throw new DomainError('NOT_FOUND');
    return head;
  }

  private async found(m: EntityManager, mergeId: string, lock = false): Promise<CaseMergeRow> {
    const row = await this.merges.findMerge(m, mergeId, { lock });
    if (!row) throw new DomainError('NOT_FOUND');
    return row;
  }

  /** Both cases' row locks, always in id order (two merges of the same pair never deadlock). */
  private async lockBoth(m: EntityManager, a: string, b: string): Promise<[CaseHead, CaseHead]> {
    const heads = new Map<string, CaseHead>();
    for (const id of [a, b].sort()) {
      const h = await this.cases.findHead(m, id, { lock: true });
      if (!h) throw new DomainError('NOT_FOUND');
      heads.set(id, h);
    }
    const first = heads.get(a);
    const second = heads.get(b);
    if (!first || !second) throw new DomainError('NOT_FOUND');
    return [first, second];
  }

  private checkMergeable(h: CaseHead, field: string, version: number | undefined): void {
    if (h.status === MERGED_STATUS) throw new DomainError('CASE_ALREADY_MERGED', { field });
    if (h.status === CLOSED) throw new DomainError('CASE_MERGE_CASE_CLOSED', { field });
    if (version !== undefined && version !== h.version) throw new DomainError('VERSION_CONFLICT');
  }

  private async record(
    m: EntityManager,
    actor: Actor,
    action: string,
    mergeId: string,
    caseId: string,
    role: 'surviving' | 'merged',
  ): Promise<void> {
    await this.audit.record(m, {
      action,
      actor: actor.user,
      entityType: 'case_merge',
      entityId: mergeId,
      caseId,
      reasonCode: role,
      requestId: actor.requestId,
    });
  }

  /** One audit row per participant that moved rows: its name and count as the code, never the rows. */
  private async recordCounts(
    m: EntityManager,
    actor: Actor,
    action: string,
    mergeId: string,
    caseId: string,
    moved: Record<string, readonly string[]>,
  ): Promise<void> {
    for (const [participant, ids] of Object.entries(moved)) {
      if (ids.length === 0) continue;
      await this.audit.record(m, {
        action,
        actor: actor.user,
        entityType: 'case_merge',
        entityId: mergeId,
        caseId,
        reasonCode: `${participant}:${ids.length}`,
        requestId: actor.requestId,
      });
    }
  }
}
