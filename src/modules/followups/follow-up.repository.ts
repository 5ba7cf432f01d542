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
import { DomainError } from '../../platform/http';
import { FOLLOW_UP_DATA } from './followups.personal-data';

const FOLLOW_UP = rowShape('follow-up', {
  id: col.uuid(),
  case_id: col.uuid(),
  reference: col.text(),
  organization_id: col.uuid(),
  kind: col.text(),
  due_at: col.time(),
  assignee_id: col.uuid().orNull(),
  note_enc: col.text().orNull(),
  status: col.text(),
  completed_at: col.time().orNull(),
  completed_by: col.uuid().orNull(),
  outcome: col.text().orNull(),
  created_by: col.uuid().orNull(),
  created_at: col.time(),
  version: col.int(),
});
const LINE = rowShape('follow-up line', {
  id: col.uuid(),
  kind: col.text(),
  due_at: col.time(),
  status: col.text(),
  assignee_id: col.uuid().orNull(),
  completed_at: col.time().orNull(),
  outcome: col.text().orNull(),
});
const ID = rowShape('follow-up id', { id: col.uuid() });
const STATUS = rowShape('follow-up status', { status: col.text() });
const SOURCE_KEY = rowShape('follow-up source key', { source_key: col.text().orNull() });

/** A follow-up with its note in plaintext. */
export interface FollowUp {
  id: string;
  caseId: string;
  reference: string;
  organizationId: string;
  kind: string;
  dueAt: Date;
  assigneeId: string | null;
  note: string | null;
  status: string;
  completedAt: Date | null;
  completedBy: string | null;
  outcome: string | null;
  createdBy: string | null;
  createdAt: Date;
  version: number;
}

/** A follow-up in its case's list (no note). */
export type FollowUpLine = Pick<
  FollowUp,
  'id' | 'kind' | 'dueAt' | 'status' | 'assigneeId' | 'completedAt' | 'outcome'
>;

/** A follow-up added by hand. */
export interface NewFollowUp {
  caseId: string;
  reference: string;
  organizationId: string;
  kind: string;
  dueAt: Date;
  assigneeId: string | null;
  note: string | undefined;
  createdBy: string;
}

/** A follow-up a rule makes: no note, no creator; `sourceKey` = `<source>:<id>:<kind>` makes it once. */
export interface RuleFollowUp {
  caseId: string;
  reference: string;
  organizationId: string;
  kind: string;
  dueAt: Date;
  assigneeId: string | null;
  sourceKey: string;
}

const RETURNING = FOLLOW_UP.columns();

/**
 * The follow_ups table (docs/DESIGN.md §5): the follow-ups added by hand and by rules, their steps, the
 * closure's and retention's changes (the scheduler's statements: follow-up-schedule.repository.ts). The
 * note is written and read only through FOLLOW_UP_DATA.
 */
@Injectable()
export class FollowUpRepository {
  constructor(private readonly crypto: CryptoService) {}

  private toFollowUp(raw: unknown): FollowUp {
    const r = FOLLOW_UP.parse(raw);
    return {
      id: r.id,
      caseId: r.case_id,
      reference: r.reference,
      organizationId: r.organization_id,
      kind: r.kind,
      dueAt: r.due_at,
      assigneeId: r.assignee_id,
      ...FOLLOW_UP_DATA.open(this.crypto, r),
      status: r.status,
      completedAt: r.completed_at,
      completedBy: r.completed_by,
      outcome: r.outcome,
      createdBy: r.created_by,
      createdAt: r.created_at,
      version: r.version,
    };
  }

  /** The follow-up, or NOT_FOUND; `lock` takes a row lock in the caller's transaction. */
  async get(m: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<FollowUp> {
    const raw = await firstRow(
      m,
      `SELECT ${FOLLOW_UP.columns()} FROM follow_ups WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!raw) throw new DomainError('NOT_FOUND');
    return this.toFollowUp(raw);
  }

  /** Open first by due time, then the others newest due first. */
  async listForCase(m: Queryable, caseId: string): Promise<FollowUpLine[]> {
    const rows = await rowsOf(
      m,
      `SELECT ${LINE.columns()} FROM follow_ups WHERE case_id = $1
        ORDER BY (status = 'open') DESC,
                 CASE WHEN status = 'open' THEN due_at END ASC,
                 due_at DESC, id`,
      [caseId],
    );
    return LINE.parseAll(rows).map((r) => ({
      id: r.id,
      kind: r.kind,
      dueAt: r.due_at,
      status: r.status,
      assigneeId: r.assignee_id,
      completedAt: r.completed_at,
      outcome: r.outcome,
    }));
  }

  /** The status of a follow-up, if it exists. */
  async statusOf(m: Queryable, id: string): Promise<string | undefined> {
    const raw = await firstRow(m, `SELECT status FROM follow_ups WHERE id = $1`, [id]);
    return raw ? STATUS.parse(raw).status : undefined;
  }

  /** The source key of a follow-up made by a rule (null: made by hand). */
  async sourceKeyOf(m: Queryable, id: string): Promise<string | null> {
    const raw = await firstRow(m, `SELECT source_key FROM follow_ups WHERE id = $1`, [id]);
    return raw ? SOURCE_KEY.parse(raw).source_key : null;
  }

  /** A follow-up by hand, open, its due reminder next. */
  async insert(m: Queryable, f: NewFollowUp): Promise<FollowUp> {
    const [raw] = await run(
      m,
      insertStatement(
        'follow_ups',
        {
          case_id: f.caseId,
          reference: f.reference,
          organization_id: f.organizationId,
          kind: f.kind,
          due_at: f.dueAt,
          assignee_id: f.assigneeId,
          ...FOLLOW_UP_DATA.sealInsert(this.crypto, { note: f.note ?? null }),
          reminder_stage: 0,
          next_reminder_at: f.dueAt,
          created_by: f.createdBy,
        },
        RETURNING,
      ),
    );
    if (!raw) throw new Error('follow-up not written');
    return this.toFollowUp(raw);
  }

  /** Done with an outcome (the note replaced when given); no reminder left. */
  async complete(
    m: Queryable,
    id: string,
    c: { at: Date; by: string; outcome: string; note: string | undefined },
  ): Promise<FollowUp> {
    const [raw] = await run(
      m,
      updateStatement(
        'follow_ups',
        {
          status: 'done',
          completed_at: c.at,
          completed_by: c.by,
          outcome: c.outcome,
          next_reminder_at: null,
          updated_at: c.at,
          ...(c.note !== undefined ? FOLLOW_UP_DATA.sealPatch(this.crypto, { note: c.note }) : {}),
        },
        (p) => `id = ${p.add(id)}`,
        { returning: RETURNING, extraSet: ['version = version + 1'] },
      ),
    );
    if (!raw) throw new Error('follow-up not completed');
    return this.toFollowUp(raw);
  }

  /** A new due time: the reminders start again (the due reminder first, then the escalation). */
  async reschedule(m: Queryable, id: string, dueAt: Date): Promise<FollowUp> {
    const [raw] = await run(
      m,
      updateStatement(
        'follow_ups',
        { due_at: dueAt, reminder_stage: 0, next_reminder_at: dueAt },
        (p) => `id = ${p.add(id)}`,
        { returning: RETURNING, extraSet: ['version = version + 1', 'updated_at = now()'] },
      ),
    );
    if (!raw) throw new Error('follow-up not rescheduled');
    return this.toFollowUp(raw);
  }

  /** The case's closure: its open follow-ups cancelled, no reminder left; their ids in order. */
  async cancelOpenOfCase(m: Queryable, caseId: string, at: Date, by: string): Promise<string[]> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE follow_ups SET status = 'cancelled', completed_at = $2, completed_by = $3,
                         next_reminder_at = NULL, version = version + 1, updated_at = $2
                   WHERE case_id = $1 AND status = 'open' RETURNING id)
       SELECT id FROM u ORDER BY id`,
      [caseId, at, by],
    );
    return ID.parseAll(rows).map((r) => r.id);
  }

  /**
   * Retention: the notes of the case's follow-ups erased as FOLLOW_UP_DATA says, the open ones cancelled
   * (no reminder left); how many changed.
   */
  eraseForCase(m: Queryable, caseId: string): Promise<number> {
    const s = updateStatement(
      'follow_ups',
      FOLLOW_UP_DATA.erasure(this.crypto),
      (p) => `case_id = ${p.add(caseId)} AND (${FOLLOW_UP_DATA.holdsAnyCondition()} OR status = 'open')`,
      {
        extraSet: [
          "status = CASE WHEN status = 'open' THEN 'cancelled' ELSE status END",
          "next_reminder_at = CASE WHEN status = 'open' THEN NULL ELSE next_reminder_at END",
          'updated_at = now()',
          'version = version + 1',
        ],
      },
    );
    return changedCount(m, s.text, s.values);
  }

  // --- made by rules --------------------------------------------------------------------------------

  /** Inserts the follow-up unless its source key (or the one open review per case) exists; its id or null. */
  async insertFromRule(m: Queryable, f: RuleFollowUp): Promise<string | null> {
    const s = insertStatement('follow_ups', {
      case_id: f.caseId,
      reference: f.reference,
      organization_id: f.organizationId,
      kind: f.kind,
      due_at: f.dueAt,
      assignee_id: f.assigneeId,
      reminder_stage: 0,
      next_reminder_at: f.dueAt,
      source_key: f.sourceKey,
    });
    const raw = await firstRow(m, `${s.text} ON CONFLICT DO NOTHING RETURNING id`, s.values);
    return raw ? ID.parse(raw).id : null;
  }

  /** Whether the case has an open follow-up of this kind. */
  async hasOpenOfKind(m: Queryable, caseId: string, kind: string): Promise<boolean> {
    const raw = await firstRow(
      m,
      `SELECT id FROM follow_ups WHERE case_id = $1 AND kind = $2 AND status = 'open' LIMIT 1`,
      [caseId, kind],
    );
    return raw !== undefined;
  }

  /** The case's open follow-ups without assignee (override reviews excepted) take `assigneeId`; how many. */
  async assignUnassignedOfCase(m: Queryable, caseId: string, assigneeId: string): Promise<number> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE follow_ups SET assignee_id = $2, version = version + 1, updated_at = now()
        WHERE case_id = $1 AND status = 'open' AND assignee_id IS NULL AND kind <> 'override_review'
        RETURNING id) SELECT id FROM u`,
      [caseId, assigneeId],
    );
    return rows.length;
  }

  /** The user's open follow-ups lose their assignee (the supervisors hold them); how many. */
  async unassignOpenOf(m: Queryable, userId: string): Promise<number> {
    const rows = await rowsOf(
      m,
      `WITH u AS (UPDATE follow_ups SET assignee_id = NULL, version = version + 1, updated_at = now()
        WHERE assignee_id = $1 AND status = 'open'
        RETURNING id) SELECT id FROM u`,
      [userId],
    );
    return rows.length;
  }
}
