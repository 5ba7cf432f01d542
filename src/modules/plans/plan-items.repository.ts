import { Injectable } from '@nestjs/common';
import { CryptoService } from '../../platform/crypto';
import {
  changedCount,
  col,
  firstRow,
  insertStatement,
  Queryable,
  rowShape,
  rowsOf,
  run,
  updateStatement,
} from '../../platform/database';
import { CASE_PLAN_ACTION_DATA, CASE_PLAN_GOAL_DATA } from './plans.personal-data';

const GOAL = rowShape('plan goal', {
  id: col.uuid(),
  plan_id: col.uuid(),
  case_id: col.uuid(),
  position: col.int(),
  needs_area: col.text(),
  goal_text_enc: col.text().orNull(),
});
const ACTION = rowShape('plan action', {
  id: col.uuid(),
  plan_id: col.uuid(),
  goal_id: col.uuid(),
  case_id: col.uuid(),
  position: col.int(),
  service: col.text(),
  performer: col.text(),
  provider_id: col.uuid().orNull(),
  due_on: col.day().orNull().as('{a}.due_on::text'),
  status: col.text(),
  drop_reason_enc: col.text().orNull(),
  referral_id: col.uuid().orNull(),
  note_enc: col.text().orNull(),
  updated_by: col.uuid().orNull(),
  updated_at: col.time(),
  version: col.int(),
});
const ID = rowShape('plan item id', { id: col.uuid() });

export interface PlanGoal {
  id: string;
  planId: string;
  position: number;
  needsArea: string;
  text: string | null;
}

export interface PlanAction {
  id: string;
  planId: string;
  goalId: string;
  caseId: string;
  position: number;
  service: string;
  performer: string;
  providerId: string | null;
  /** YYYY-MM-DD */
  dueOn: string | null;
  status: string;
  dropReason: string | null;
  referralId: string | null;
  note: string | null;
  updatedBy: string | null;
  updatedAt: Date;
  version: number;
}

/** An action as written into a draft. */
export interface NewAction {
  service: string;
  performer: string;
  providerId: string | null;
  dueOn: string | null;
  status: string;
  dropReason: string | null;
  referralId: string | null;
  note: string | null;
}

/** A goal and its actions as written into a draft. */
export interface NewGoal {
  needsArea: string;
  text: string;
  actions: NewAction[];
}

const ACTION_COLUMNS = ACTION.columns();

/** The goals and actions of the plan versions (case_plan_goals, case_plan_actions). */
@Injectable()
export class PlanItemsRepository {
  constructor(private readonly crypto: CryptoService) {}

  private toGoal(raw: unknown): PlanGoal {
    const r = GOAL.parse(raw);
    return {
      id: r.id,
      planId: r.plan_id,
      position: r.position,
      needsArea: r.needs_area,
      ...CASE_PLAN_GOAL_DATA.open(this.crypto, r),
    };
  }

  private toAction(raw: unknown): PlanAction {
    const r = ACTION.parse(raw);
    return {
      id: r.id,
      planId: r.plan_id,
      goalId: r.goal_id,
      caseId: r.case_id,
      position: r.position,
      service: r.service,
      performer: r.performer,
      providerId: r.provider_id,
      dueOn: r.due_on,
      status: r.status,
      referralId: r.referral_id,
      ...CASE_PLAN_ACTION_DATA.open(this.crypto, r),
      updatedBy: r.updated_by,
      updatedAt: r.updated_at,
      version: r.version,
    };
  }

  /** The goals and actions of the plans, in their order. */
  async ofPlans(
    m: Queryable,
    planIds: readonly string[],
  ): Promise<{ goals: PlanGoal[]; actions: PlanAction[] }> {
    if (planIds.length === 0) return { goals: [], actions: [] };
    const goals = await rowsOf(
      m,
      `SELECT ${GOAL.columns()} FROM case_plan_goals WHERE plan_id = ANY($1::uuid[]) ORDER BY position, id`,
      [planIds],
    );
    const actions = await rowsOf(
      m,
      `SELECT ${ACTION_COLUMNS} FROM case_plan_actions WHERE plan_id = ANY($1::uuid[]) ORDER BY position, id`,
      [planIds],
    );
    return { goals: goals.map((g) => this.toGoal(g)), actions: actions.map((a) => this.toAction(a)) };
  }

  /** Replaces a draft's goals and actions with `goals`, in their order. */
  async replace(
    m: Queryable,
    planId: string,
    caseId: string,
    goals: readonly NewGoal[],
    by: string,
  ): Promise<void> {
    await changedCount(m, `DELETE FROM case_plan_actions WHERE plan_id = $1`, [planId]);
    await changedCount(m, `DELETE FROM case_plan_goals WHERE plan_id = $1`, [planId]);
    let position = 0;
    for (const [gi, g] of goals.entries()) {
      const [raw] = await run(
        m,
        insertStatement(
          'case_plan_goals',
          {
            plan_id: planId,
            case_id: caseId,
            position: gi,
            needs_area: g.needsArea,
            ...CASE_PLAN_GOAL_DATA.sealInsert(this.crypto, { text: g.text }),
          },
          'id',
        ),
      );
      const goalId = ID.parse(raw).id;
      for (const a of g.actions) {
        await run(
          m,
          insertStatement('case_plan_actions', {
            plan_id: planId,
            goal_id: goalId,
            case_id: caseId,
            position: position++,
            service: a.service,
            performer: a.performer,
            provider_id: a.providerId,
            due_on: a.dueOn,
            status: a.status,
            referral_id: a.referralId,
            updated_by: by,
            ...CASE_PLAN_ACTION_DATA.sealInsert(this.crypto, { note: a.note, dropReason: a.dropReason }),
          }),
        );
      }
    }
  }

  /** One action of the case, or undefined; `lock` takes a row lock. */
  async action(
    m: Queryable,
    caseId: string,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<PlanAction | undefined> {
    const raw = await firstRow(
      m,
      `SELECT ${ACTION_COLUMNS} FROM case_plan_actions WHERE id = $1 AND case_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [id, caseId],
    );
    return raw ? this.toAction(raw) : undefined;
  }

  /** An action's progress: its status (a drop with its reason) and, when given, its note. */
  async updateAction(
    m: Queryable,
    id: string,
    p: { status: string; dropReason: string | null; note?: string | null; by: string },
  ): Promise<PlanAction> {
    const [raw] = await run(
      m,
      updateStatement(
        'case_plan_actions',
        {
          status: p.status,
          updated_by: p.by,
          ...CASE_PLAN_ACTION_DATA.sealPatch(this.crypto, {
            dropReason: p.dropReason,
            ...(p.note !== undefined ? { note: p.note } : {}),
          }),
        },
        (params) => `id = ${params.add(id)}`,
        { returning: ACTION_COLUMNS, extraSet: ['version = version + 1', 'updated_at = now()'] },
      ),
    );
    if (!raw) throw new Error('plan action not changed');
    return this.toAction(raw);
  }

  /** Retention: the goals' texts and the actions' notes and drop reasons of the case erased; how many. */
  async eraseForCase(m: Queryable, caseId: string): Promise<number> {
    const goals = updateStatement(
      'case_plan_goals',
      CASE_PLAN_GOAL_DATA.erasure(this.crypto),
      (p) => `case_id = ${p.add(caseId)} AND (${CASE_PLAN_GOAL_DATA.holdsAnyCondition()})`,
    );
    const actions = updateStatement(
      'case_plan_actions',
      CASE_PLAN_ACTION_DATA.erasure(this.crypto),
      (p) => `case_id = ${p.add(caseId)} AND (${CASE_PLAN_ACTION_DATA.holdsAnyCondition()})`,
      { extraSet: ['updated_at = now()', 'version = version + 1'] },
    );
    return (
      (await changedCount(m, goals.text, goals.values)) +
      (await changedCount(m, actions.text, actions.values))
    );
  }
}
