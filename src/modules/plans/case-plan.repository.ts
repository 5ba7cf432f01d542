import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  insertStatement,
  PositionalParams,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../platform/database';
import type { AccessFilter } from '../access';
import { CASE_PLAN_DATA } from './plans.personal-data';

const PLAN = rowShape('case plan', {
  id: col.uuid(),
  case_id: col.uuid(),
  version_no: col.int(),
  status: col.text(),
  review_every_days: col.int().orNull(),
  copied_from: col.uuid().orNull(),
  submitted_by: col.uuid().orNull(),
  submitted_at: col.time().orNull(),
  decided_by: col.uuid().orNull(),
  decided_at: col.time().orNull(),
  return_reason_enc: col.text().orNull(),
  superseded_at: col.time().orNull(),
  created_by: col.uuid(),
  created_at: col.time(),
  updated_at: col.time(),
  version: col.int(),
});
const APPROVAL = rowShape('plan awaiting approval', {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  version_no: col.int(),
  submitted_by: col.uuid().orNull(),
  submitted_at: col.time().orNull(),
  created_at: col.time(),
});
const ID = rowShape('plan id', { id: col.uuid() });

export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'superseded';
/** Statuses of the one version being written or decided. */
export const OPEN_STATUSES: readonly string[] = ['draft', 'submitted', 'returned'];

/** A plan version with its return reason in plaintext. */
export interface CasePlan {
  id: string;
  caseId: string;
  versionNo: number;
  status: string;
  reviewEveryDays: number | null;
  copiedFrom: string | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  returnReason: string | null;
  supersededAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** A submitted plan in the supervisor's list: ids, the case's reference, who and when; nothing personal. */
export interface PlanAwaitingApproval {
  id: string;
  caseId: string;
  reference: string;
  versionNo: number;
  submittedBy: string | null;
  submittedAt: Date | null;
  createdAt: Date;
}

const RETURNING = PLAN.columns();

/** The case_plans table: the versions of a case's plan, their steps, the merge's moves, retention. */
@Injectable()
export class CasePlanRepository {
  constructor(private readonly crypto: CryptoService) {}

  private toPlan(raw: unknown): CasePlan {
    const r = PLAN.parse(raw);
    return {
      id: r.id,
      caseId: r.case_id,
      versionNo: r.version_no,
      status: r.status,
      reviewEveryDays: r.review_every_days,
      copiedFrom: r.copied_from,
      submittedBy: r.submitted_by,
      submittedAt: r.submitted_at,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      ...CASE_PLAN_DATA.open(this.crypto, r),
      supersededAt: r.superseded_at,
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    };
  }

  /** The plan version of the case, or undefined; `lock` takes a row lock in the caller's transaction. */
  async get(
    m: Queryable,
    caseId: string,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<CasePlan | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${RETURNING} FROM case_plans WHERE id = $1 AND case_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [id, caseId],
    );
    return raw ? this.toPlan(raw) : undefined;
  }

  /** Every version of the case's plan, newest first. */
  async listForCase(m: Queryable, caseId: string): Promise<CasePlan[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${RETURNING} FROM case_plans WHERE case_id = $1 ORDER BY version_no DESC, created_at DESC, id`,
      [caseId],
    );
    return rows.map((r) => this.toPlan(r));
  }

  async insert(
    m: Queryable,
    p: { caseId: string; versionNo: number; copiedFrom: string | null; createdBy: string },
  ): Promise<CasePlan> {
    const [raw] = await run(
      m,
      insertStatement(
        'case_plans',
        {
          case_id: p.caseId,
          version_no: p.versionNo,
          status: 'draft',
          copied_from: p.copiedFrom,
          created_by: p.createdBy,
        },
        RETURNING,
      ),
    );
    if (!raw) throw new Error('plan not written');
    return this.toPlan(raw);
  }

  /** Moves the version to a status, with the columns of that step; the version is bumped. */
  async step(
    m: Queryable,
    id: string,
    set: {
      status: PlanStatus;
      submittedBy?: string;
      submittedAt?: Date;
      decidedBy?: string | null;
      decidedAt?: Date | null;
      reviewEveryDays?: number;
      returnReason?: string | null;
      supersededAt?: Date;
    },
  ): Promise<CasePlan> {
    const [raw] = await run(
      m,
      updateStatement(
        'case_plans',
        {
          status: set.status,
          submitted_by: set.submittedBy,
          submitted_at: set.submittedAt,
          decided_by: set.decidedBy,
          decided_at: set.decidedAt,
          review_every_days: set.reviewEveryDays,
          superseded_at: set.supersededAt,
          ...(set.returnReason !== undefined
            ? CASE_PLAN_DATA.sealPatch(this.crypto, { returnReason: set.returnReason })
            : {}),
        },
        (p) => `id = ${p.add(id)}`,
        { returning: RETURNING, extraSet: ['version = version + 1', 'updated_at = now()'] },
      ),
    );
    if (!raw) throw new Error('plan not changed');
    return this.toPlan(raw);
  }

  /** A draft's content replaced: the version is bumped (the goals and actions are the items' repository's). */
  async touch(m: Queryable, id: string): Promise<void> {
    await changedCount(m, `UPDATE case_plans SET version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  /**
   * The submitted plans that `filter` (case.approve_plan over case_facts, alias c) lets the user decide,
   * oldest submission first.
   */
  async awaitingApproval(m: Queryable, filter: AccessFilter, limit: number): Promise<PlanAwaitingApproval[]> {
    const tail = new PositionalParams(filter.params.length + 1);
    const rows = await rowsOf(
      m,
      `SELECT p.id, p.case_id, c.reference, p.version_no, p.submitted_by, p.submitted_at, p.created_at
         FROM case_plans p JOIN case_facts c ON c.id = p.case_id
        WHERE p.status = 'submitted' AND (${filter.sql})
        ORDER BY p.submitted_at, p.id
        LIMIT ${tail.add(limit)}`,
      [...filter.params, ...tail.values],
    );
    return APPROVAL.parseAll(rows).map((r) => ({
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      versionNo: r.version_no,
      submittedBy: r.submitted_by,
      submittedAt: r.submitted_at,
      createdAt: r.created_at,
    }));
  }

  // --- merge and retention ------------------------------------------------------------------------

  /** The merged case's plans (and their goals and actions) move to the surviving case; the plans' ids. */
  async moveCase(m: Queryable, from: string, to: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE case_plans SET case_id = $2, updated_at = now() WHERE case_id = $1 RETURNING id)
       SELECT id FROM u ORDER BY id`,
      [from, to],
    );
    const ids = ID.parseAll(rows).map((r) => r.id);
    await this.moveItems(m, ids, to);
    return ids;
  }

  /** The plans given back to the merged case (the undo), with their goals and actions. */
  async moveBack(m: Queryable, ids: readonly string[], to: string): Promise<void> {
    await changedCount(
      m,
      `UPDATE case_plans SET case_id = $2, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids, to],
    );
    await this.moveItems(m, ids, to);
  }

  private async moveItems(m: Queryable, planIds: readonly string[], to: string): Promise<void> {
    if (planIds.length === 0) return;
    await changedCount(m, `UPDATE case_plan_goals SET case_id = $2 WHERE plan_id = ANY($1::uuid[])`, [
      planIds,
      to,
    ]);
    await changedCount(m, `UPDATE case_plan_actions SET case_id = $2 WHERE plan_id = ANY($1::uuid[])`, [
      planIds,
      to,
    ]);
  }

  /** Retention: the return reasons of the case's plans erased as CASE_PLAN_DATA says; how many changed. */
  eraseForCase(m: Queryable, caseId: string): Promise<number> {
    const s = updateStatement(
      'case_plans',
      CASE_PLAN_DATA.erasure(this.crypto),
      (p) => `case_id = ${p.add(caseId)} AND (${CASE_PLAN_DATA.holdsAnyCondition()})`,
      { extraSet: ['updated_at = now()', 'version = version + 1'] },
    );
    return changedCount(m, s.text, s.values);
  }
}
